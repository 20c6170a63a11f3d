//! What a person sees (docs/output.md, docs/times.md): tables fitted to the terminal, records
//! that show what is set, times in one form and zone, lists that say when they are partial or
//! cut short, and the grammar of times and durations.

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::support::*;

/// A justification longer than any terminal.
const LONG: &str = "Quarterly access review follow-up for the security operations centre: approved in the change advisory board of 2026-11-20 under CHG-99812, to be withdrawn when the review closes";

/// The sample organisation with long values planted: a long name, display name and address, a
/// long justification, a refusal with a long reason, and an activation.
fn planted() -> TestEnv {
    let env = TestEnv::sample();
    env.run(&[
        "principal",
        "add",
        "maximilian.vandenberghe-oudekerk",
        "--display-name",
        "Maximilian van den Berghe-Oudekerk (Platform Engineering, EMEA)",
        "--email",
        "maximilian.vandenberghe-oudekerk@platform-engineering.contoso.example",
    ])
    .ok();
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Security Reader",
        "--type",
        "active",
        "--duration",
        "7d",
        "--justification",
        LONG,
    ])
    .ok();
    env.run(&[
        "assign",
        "--principal",
        "deploy-bot",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/dev",
    ])
    .code(4);
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            LONG,
            "--duration",
            "2h",
        ],
    )
    .ok();
    env
}

/// A run as if stdout were a terminal `width` columns wide, in Paris.
fn term(env: &TestEnv, width: usize, actor: &str, args: &[&str]) -> Run {
    Run::from(
        env.command()
            .env("PIM_TERM_WIDTH", width.to_string())
            .env("TZ", "Europe/Paris")
            .env("PIM_ACTOR", actor)
            .args(args)
            .output()
            .expect("run pim"),
    )
}

/// Random IDs made stable for snapshots, keeping their width: the first 8-character ID seen
/// becomes `id000001`, a whole one `00000000-0000-0000-0000-000000000001`.
fn stable_ids(text: &str) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let hex = |c: char| c.is_ascii_hexdigit() && !c.is_ascii_uppercase();
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let whole: String = chars[i..chars.len().min(i + 36)].iter().collect();
        let is_uuid = whole.len() == 36
            && whole.char_indices().all(|(k, c)| {
                if [8, 13, 18, 23].contains(&k) {
                    c == '-'
                } else {
                    hex(c)
                }
            });
        let short: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let is_short = short.chars().count() == 8
            && short.chars().all(hex)
            && chars.get(i + 8).is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary && is_uuid {
            let n = seen.len() + 1;
            let n = *seen.entry(whole[..8].to_string()).or_insert(n);
            out.push_str(&format!("00000000-0000-0000-0000-{n:012}"));
            i += 36;
        } else if boundary && is_short {
            let n = seen.len() + 1;
            let n = *seen.entry(short).or_insert(n);
            out.push_str(&format!("id{n:06}"));
            i += 8;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn shown(args: &[&str], r: &Run) -> String {
    stable_ids(&format!(
        "$ pim {}\n--- stdout\n{}--- stderr\n{}--- exit {}\n",
        args.join(" "),
        r.stdout,
        r.stderr,
        r.code
    ))
}

#[track_caller]
fn fits(r: &Run, width: usize) {
    for line in r.stdout.lines() {
        assert!(
            line.width() <= width,
            "a line is wider than {width} columns ({}):\n{line}\n--- stdout\n{}",
            line.width(),
            r.stdout
        );
        assert_eq!(line, line.trim_end(), "trailing spaces:\n{}", r.stdout);
    }
}

#[test]
fn tables_fit_80_and_160_columns() {
    let env = planted();
    for (name, actor, args) in [
        ("principal_list", "admin", vec!["principal", "list"]),
        ("alerts", "admin", vec!["alerts"]),
        ("assign_list", "admin", vec!["assign", "list"]),
        ("status", "bob", vec!["status"]),
        ("audit_list", "admin", vec!["audit", "list", "--limit", "8"]),
    ] {
        for width in [80, 160] {
            let r = term(&env, width, actor, &args);
            r.ok();
            fits(&r, width);
            insta::assert_snapshot!(format!("{name}_{width}"), shown(&args, &r));
        }
    }
}

#[test]
fn free_text_is_cut_with_an_ellipsis_and_ids_stay_whole() {
    let env = planted();
    let r = term(&env, 160, "admin", &["audit", "list", "--limit", "3"]);
    r.ok();
    fits(&r, 160);
    // The justification is cut to one line, with an ellipsis; the refusal's reason likewise.
    assert!(r.stdout.contains('…'), "{}", r.stdout);
    assert!(!r.stdout.contains("when the review closes"), "{}", r.stdout);
    // Every short ID of the assignment list is whole at 80 columns.
    let json: Vec<AssignmentJson> = env.json(&["assign", "list"]);
    let r = term(&env, 80, "admin", &["assign", "list"]);
    for a in &json {
        r.stdout_has(&a.id[..8]);
    }
    // -o json and -o csv keep full values on a terminal too.
    let csv = term(&env, 80, "admin", &["-o", "csv", "assign", "list"]);
    csv.ok().stdout_has(LONG);
    let rows: Vec<AuditJson> =
        serde_json::from_str(&term(&env, 80, "admin", &["-o", "json", "audit", "list"]).stdout)
            .unwrap();
    assert!(
        rows.iter()
            .any(|r| r.justification.as_deref() == Some(LONG))
    );
    assert!(rows.iter().all(|r| r.time.ends_with('Z')), "JSON is UTC");
}

#[test]
fn off_a_terminal_tables_are_not_fitted_and_times_are_utc() {
    let env = planted();
    let r = env.run(&["audit", "list", "--limit", "3"]);
    r.ok();
    r.stdout_has(LONG).stdout_has("2026-11-22 09:00 UTC");
    assert!(r.stdout.lines().any(|l| l.width() > 160));
    assert!(!r.stdout.contains('…'));
    // The same command on a terminal in Paris shows Paris time.
    term(&env, 200, "admin", &["audit", "list", "--limit", "3"])
        .ok()
        .stdout_has("2026-11-22 10:00 CET");
}

#[cfg(unix)]
#[test]
fn a_real_terminal_is_measured() {
    // No COLUMNS and no PIM_TERM_WIDTH: the width comes from the terminal itself, set by stty.
    // At 100 columns `assign list` leaves out START only: at 80 (what pim assumes of a terminal
    // that does not say) it would leave out STATE too, and off a terminal nothing.
    let env = planted();
    let mut cmd = std::process::Command::new("sh");
    cmd.env_clear()
        .env("PIM_DB", env.db())
        .env("PIM_NOW", T0)
        .env("PIM_ACTOR", "admin")
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("NO_COLOR", "1")
        .env("TZ", "Europe/Paris")
        .env("TERM", "xterm")
        .env("PATH", "/usr/bin:/bin")
        .arg("-c")
        .arg(format!(
            "stty cols 100 rows 40 && exec '{}' assign list",
            bin().display()
        ));
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    // The session hands back bytes as chars.
    let bytes: Vec<u8> = p.exp_eof().unwrap().chars().map(|c| c as u8).collect();
    let out = String::from_utf8_lossy(&bytes).replace('\r', "");
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("ID"))
        .take_while(|l| !l.starts_with("left out"))
        .collect();
    assert!(table.len() > 10, "{out}");
    for line in &table {
        assert!(
            line.width() <= 100,
            "wider than the terminal: {line}\n{out}"
        );
    }
    assert!(table[0].contains("STATE"), "{out}");
    assert!(
        out.contains("left out to fit the terminal: START (a wider"),
        "{out}"
    );
    assert!(table.iter().any(|l| l.contains("CET")), "{out}");
    let wide = env
        .command()
        .env("PIM_TERM_WIDTH", "200")
        .env("TZ", "Europe/Paris")
        .args(["assign", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&wide.stdout).contains("10:00 CET"));
}

#[cfg(unix)]
#[test]
fn verify_shows_progress_on_a_terminal() {
    let env = TestEnv::sample();
    let mut cmd = std::process::Command::new(bin());
    cmd.env_clear()
        .env("PIM_DB", env.db())
        .env("PIM_NOW", T0)
        .env("PIM_ACTOR", "admin")
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["audit", "verify"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("verifying").unwrap();
    p.exp_string("ok: ").unwrap();
    p.exp_eof().unwrap();
    // Off a terminal, no bar.
    let r = env.run(&["audit", "verify"]);
    r.ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn a_record_shows_what_is_set() {
    let env = TestEnv::sample();
    let args = [
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--duration",
        "8h",
    ];
    let r = env.run(&args);
    r.ok();
    assert!(!r.stdout.contains("JUSTIFICATION"), "{}", r.stdout);
    for line in r.stdout.lines() {
        assert_eq!(line, line.trim_end(), "trailing spaces in {:?}", r.stdout);
        assert!(!line.trim_end().ends_with(':'), "an empty field: {line}");
    }
    insta::assert_snapshot!("record_assign", shown(&args, &r));
    let args = [
        "activate",
        "--role",
        "Security Administrator",
        "--justification",
        "INC-4711",
        "--duration",
        "2h",
    ];
    let r = env.run_as("bob", &args);
    r.ok();
    assert!(!r.stdout.contains("MESSAGE"), "{}", r.stdout);
    insta::assert_snapshot!("record_activate", shown(&args, &r));
}

#[test]
fn dry_runs_show_no_ids_that_do_not_exist() {
    let env = TestEnv::sample();
    let before = env.state();
    let args = [
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--duration",
        "8h",
        "--dry-run",
    ];
    let r = env.run(&args);
    r.ok().stderr_has("dry run: would assign erin");
    assert!(!r.stdout.contains("ID:"), "{}", r.stdout);
    insta::assert_snapshot!("dry_run_assign", shown(&args, &r));
    let j: AssignmentJson = env.run(&[&["-o", "json"], &args[..]].concat()).json();
    assert_eq!((j.id.as_str(), j.request_id.as_deref()), ("", None));

    let args = [
        "activate",
        "--role",
        "Security Administrator",
        "--justification",
        "INC-4711",
        "--dry-run",
    ];
    let r = env.run_as("bob", &args);
    r.ok().stderr_has("dry run: would activate");
    assert!(
        !r.stdout.contains("REQUEST") && !r.stdout.contains("ASSIGNMENT"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("dry_run_activate", shown(&args, &r));
    let j: serde_json::Value = env
        .run_as("bob", &[&["-o", "json"], &args[..]].concat())
        .json();
    assert!(
        j["request_id"].is_null() && j["assignment_id"].is_null(),
        "{j}"
    );

    // An activation that needs approval would make a request: not shown either.
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
    ])
    .ok();
    let before_approval = env.state();
    let j: serde_json::Value = env
        .run_as("bob", &[&["-o", "json"], &args[..]].concat())
        .code(5)
        .json();
    assert_eq!(j["outcome"], "would_request_approval");
    assert!(j["request_id"].is_null(), "{j}");
    assert_eq!(env.state(), before_approval);

    let file = env.write_file(
        "a.csv",
        "principal,role,scope,type,start,end,justification\n\
         carol,Contributor,/subscriptions/dev,eligible,,30d,\n\
         dave,Global Reader,/,eligible,,,\n",
    );
    let args = ["assign", "import", path_str(&file), "--dry-run"];
    let r = env.run(&args);
    r.ok();
    assert_eq!(r.stdout, "would create 2 assignments (dry run)\n");
    r.stderr_has("dry run: 2 rows read, all valid; nothing changed");
    env.run(&["assign", "import", path_str(&file)])
        .ok()
        .stdout_has("created 2 assignments");
    let _ = before;
}

#[test]
fn times_are_shown_in_one_zone_chosen_by_flag_or_config() {
    let env = TestEnv::sample();
    let args = [
        "--as",
        "bob",
        "check",
        "--principal",
        "bob",
        "--role",
        "Security Administrator",
    ];
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .ok();
    // On a terminal: the user's zone (TZ), in the table and in the message alike.
    let r = term(&env, 120, "bob", &args);
    r.ok().stdout_has("until 2026-11-22 18:00 CET");
    let r = term(&env, 120, "bob", &[&["--utc"], &args[..]].concat());
    r.ok().stdout_has("until 2026-11-22 17:00 UTC");
    // The config chooses a zone (off a terminal too).
    let config = env.write_file(
        "config.toml",
        "[display]\ntime_zone = \"America/New_York\"\n",
    );
    let r = env.run(&[&["--config", path_str(&config)], &args[..]].concat());
    r.ok().stdout_has("until 2026-11-22 12:00 EST");
    // --utc wins over the config.
    let r = env.run(&[&["--utc", "--config", path_str(&config)], &args[..]].concat());
    r.ok().stdout_has("until 2026-11-22 17:00 UTC");
    let bad = env.write_file("bad.toml", "[display]\ntime_zone = \"Mars/Olympus\"\n");
    env.run(&["--config", path_str(&bad), "status"])
        .refused(1, "unknown time zone 'Mars/Olympus'");
}

#[test]
fn times_people_type() {
    let env = TestEnv::sample();
    let paris = |args: &[&str]| {
        Run::from(
            env.command()
                .env("TZ", "Europe/Paris")
                .args(args)
                .output()
                .unwrap(),
        )
    };
    // A local date and time is in the user's zone; JSON says it in UTC.
    let r = paris(&[
        "-o",
        "json",
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--start",
        "2026-12-03 09:00",
        "--end",
        "tomorrow 18:00",
    ]);
    r.code(1).stderr_has("the end must come after the start");
    let j: AssignmentJson = paris(&[
        "-o",
        "json",
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--start",
        "2026-12-03 09:00",
        "--duration",
        "1.5h",
    ])
    .ok()
    .json();
    assert_eq!(j.start, "2026-12-03T08:00:00Z");
    assert_eq!(j.end.as_deref(), Some("2026-12-03T09:30:00Z"));
    // A start in the past is not moved silently.
    let r = env.run(&[
        "assign",
        "--principal",
        "dave",
        "--role",
        "Global Reader",
        "--start",
        "2026-11-20 09:00",
        "--duration",
        "P1D",
    ]);
    r.ok()
        .stderr_has("warning: the start 2026-11-20 09:00 UTC is in the past: it starts now");
    // --since 1h is an hour ago.
    env.run_at("2026-11-22T12:00:00Z", &["principal", "add", "late"])
        .ok();
    let recent: Vec<AuditJson> = Run::from(
        env.command()
            .env("PIM_NOW", "2026-11-22T12:30:00Z")
            .args(["-o", "json", "audit", "list", "--since", "1h"])
            .output()
            .unwrap(),
    )
    .ok()
    .json();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].action, "principal.create");
}

#[test]
fn durations_one_grammar_and_errors_that_repeat_the_input() {
    let env = TestEnv::sample();
    for (typed, want) in [
        ("90m", "2026-11-22T10:30:00Z"),
        ("1h30m", "2026-11-22T10:30:00Z"),
        ("1.5h", "2026-11-22T10:30:00Z"),
        ("PT90M", "2026-11-22T10:30:00Z"),
        ("P1D", "2026-11-23T09:00:00Z"),
        ("14d", "2026-12-06T09:00:00Z"),
    ] {
        let j: AssignmentJson = env
            .run(&[
                "-o",
                "json",
                "assign",
                "--principal",
                "erin",
                "--role",
                "Global Reader",
                "--duration",
                typed,
                "--dry-run",
            ])
            .ok()
            .json();
        assert_eq!(j.end.as_deref(), Some(want), "{typed}");
    }
    for typed in ["PT1H4294967296S", "36501d", "1h30", "8 parsecs"] {
        let r = env.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--duration",
            typed,
        ]);
        r.refused(1, &format!("invalid duration '{typed}'"))
            .stderr_has("hint: a duration is numbers with units");
    }
    // The same grammar in an import file and in settings.
    let file = env.write_file(
        "d.csv",
        "principal,role,scope,type,start,end,justification\nerin,Global Reader,/,eligible,,PT1H4294967296S,\n",
    );
    env.run(&["assign", "import", path_str(&file)])
        .refused(1, "invalid end 'PT1H4294967296S'");
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--activation-max-duration",
        "1.5h",
    ])
    .ok();
}

#[test]
fn partial_lists_say_so() {
    let env = TestEnv::sample();
    // bob holds no reader role: he sees his own assignments, and is told.
    let r = env.run_as("bob", &["assign", "list"]);
    r.ok()
        .stderr_has("showing only the assignments you may see (your own and your groups'");
    r.stderr_has("seeing all needs for directory roles Global Reader");
    // Asking for his own is complete.
    let r = env.run_as("bob", &["assign", "list", "--principal", "bob"]);
    r.ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // Nothing to see is not "no assignments".
    let r = env.run_as("bob", &["assign", "list", "--principal", "carol"]);
    r.ok();
    assert!(r.stdout.is_empty());
    r.stderr_has("no assignments that you may see");
    // The same whether carol holds anything or not: the note never tells who holds what.
    let r2 = env.run_as("bob", &["assign", "list", "--principal", "erin"]);
    assert_eq!(r2.stderr, r.stderr);
    // An administrator sees all, without a note.
    let r = env.run(&["assign", "list"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // alice reads the directory (Global Reader) but not Azure roles everywhere.
    env.run_as("alice", &["status", "--principal", "carol"])
        .ok()
        .stderr_has("showing only what you may see of carol's roles");
    env.run_as("bob", &["audit", "list"])
        .ok()
        .stderr_has("showing only the audit rows you may see (your own history");
    env.run_as("bob", &["request", "list"])
        .ok()
        .stderr_has("no requests that you may see");
    let r = env.run_as("bob", &["-o", "json", "assign", "list"]);
    r.ok()
        .stderr_has("showing only the assignments you may see");
}

#[test]
fn lists_of_events_are_newest_first_and_cut_at_50() {
    let env = TestEnv::sample();
    for i in 0..30 {
        env.run(&["principal", "add", &format!("user{i:02}")]).ok();
    }
    let rows: Vec<AuditJson> = env.json(&["audit", "list"]);
    assert_eq!(rows.len(), 50);
    assert!(rows.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    let r = env.run(&["audit", "list"]);
    r.ok()
        .stderr_has("showing the newest 50; --all shows every row");
    let all: Vec<AuditJson> = env.json(&["audit", "list", "--all"]);
    assert!(all.len() > 50);
    assert_eq!(all[0].seq, rows[0].seq);
    let r = env.run(&["audit", "list", "--all"]);
    assert!(!r.stderr.contains("newest"), "{}", r.stderr);
    env.run(&["audit", "list", "--all", "--limit", "3"]).code(2);
    // Unknown action codes are errors that list the codes; codes and prefixes work.
    let r = env.run(&["audit", "list", "--action", "assignment.craete"]);
    r.refused(1, "unknown audit action 'assignment.craete'")
        .stderr_has("assignment.create, assignment.expire");
    env.run(&["audit", "export", "--action", "nope"])
        .refused(1, "unknown audit action 'nope'");
    let p: Vec<AuditJson> = env.json(&["audit", "list", "--action", "principal", "--all"]);
    assert!(p.len() >= 30 && p.iter().all(|r| r.action == "principal.create"));
    env.run(&["audit", "list", "--action", "group.member"]).ok();
    env.run(&["audit", "list", "--action", "assign"])
        .refused(1, "unknown audit action 'assign'");
}

#[test]
fn audit_export_carries_the_reason() {
    let env = TestEnv::sample();
    env.run_as("bob", &["principal", "add", "x"]).code(4);
    let last = env.last_audit();
    let reason = last.reason.clone().expect("a refusal has a reason");
    let csv = env.run(&["audit", "export"]);
    csv.ok();
    let mut rdr = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let at = headers
        .iter()
        .position(|h| h == "reason")
        .expect("a reason column");
    assert_eq!(headers.get(at - 1), Some("result"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(&rows.last().unwrap()[at], reason);
    assert_eq!(&rows[0][at], "", "a success has no reason");
    for format in ["json", "jsonl"] {
        let out = env.run(&["audit", "export", "--format", format]);
        out.ok();
        let values: Vec<serde_json::Value> = if format == "json" {
            serde_json::from_str(&out.stdout).unwrap()
        } else {
            out.stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        assert_eq!(values.last().unwrap()["reason"], reason.as_str());
        assert!(values[0]["reason"].is_null());
    }
}

#[test]
fn verify_says_the_anchor_matched_and_check_q_says_nothing() {
    let env = TestEnv::sample();
    let head = env.run(&["audit", "head"]);
    let anchor = head.stdout.trim().to_string();
    env.run(&["principal", "add", "later"]).ok();
    let r = env.run(&["audit", "verify", "--anchor", &anchor]);
    r.ok()
        .stdout_has(&format!("ok: the anchor {anchor} matched"));
    let r = env.run(&["audit", "verify"]);
    assert!(!r.stdout.contains("anchor"), "{}", r.stdout);
    for (args, code) in [
        (
            vec![
                "check",
                "--principal",
                "admin",
                "--role",
                "Global Administrator",
            ],
            0,
        ),
        (
            vec![
                "check",
                "--principal",
                "erin",
                "--role",
                "Global Administrator",
            ],
            1,
        ),
        (
            vec![
                "check",
                "--principal",
                "admin",
                "--action",
                "microsoft.directory/users/create",
            ],
            0,
        ),
    ] {
        let r = env.run(&[&["-q"], &args[..]].concat());
        r.code(code);
        assert!(
            r.stdout.is_empty() && r.stderr.is_empty(),
            "{args:?}: {}{}",
            r.stdout,
            r.stderr
        );
    }
}
