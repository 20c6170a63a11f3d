//! Names as people type them: an unknown name is an error that suggests the closest known ones,
//! including the common abbreviations of built-in roles, and never acts on a guess.

use crate::support::*;

#[test]
fn every_name_a_command_takes_suggests_the_closest() {
    let env = TestEnv::sample();
    let before = env.state();
    for (args, code, wanted) in [
        (
            vec!["principal", "show", "alcie"],
            3,
            "hint: did you mean: alice?",
        ),
        (
            vec!["principal", "disable", "dvae"],
            3,
            "hint: did you mean: dave?",
        ),
        (
            vec!["assign", "--principal", "eirn", "--role", "Global Reader"],
            3,
            "hint: did you mean: erin?",
        ),
        (
            vec!["assign", "list", "--principal", "carl"],
            3,
            "hint: did you mean: carol?",
        ),
        (
            vec![
                "settings",
                "set",
                "--role",
                "Global Reader",
                "--require-approval",
                "true",
                "--approver",
                "alcie",
            ],
            3,
            "hint: did you mean: alice?",
        ),
        (
            vec!["group", "member", "add", "helpdsk", "erin"],
            3,
            "hint: did you mean: helpdesk?",
        ),
        (
            vec![
                "assign",
                "--principal",
                "erin",
                "--group",
                "tier0-admns",
                "--access",
                "member",
            ],
            3,
            "hint: did you mean: tier0-admins?",
        ),
        (
            vec![
                "check",
                "--principal",
                "bobb",
                "--role",
                "Reader",
                "--scope",
                "/subscriptions/prod",
            ],
            3,
            "hint: did you mean: bob?",
        ),
        (
            vec!["mfa", "status", "--principal", "erni"],
            3,
            "hint: did you mean: erin?",
        ),
        (
            vec![
                "review",
                "create",
                "--name",
                "q",
                "--role",
                "Global Reader",
                "--reviewer",
                "alcie",
            ],
            3,
            "hint: did you mean: alice?",
        ),
        // Nothing close: where to find the names or IDs.
        (
            vec!["request", "show", "abcdef12"],
            3,
            "hint: `pim request list --all` lists the requests you may see",
        ),
        (
            vec!["approve", "abcdef12", "--justification", "x"],
            3,
            "hint: `pim request list --all` lists the requests you may see",
        ),
        (
            vec!["principal", "show", "zzzzzzzz"],
            3,
            "hint: `pim principal list` lists the principals",
        ),
    ] {
        let r = env.run(&args);
        r.refused(code, "not found").stderr_has(wanted);
    }
    assert_eq!(env.state(), before, "a misspelt name changed something");
}

#[test]
fn abbreviations_of_built_in_roles_are_suggested_never_taken() {
    let env = TestEnv::sample();
    let before = env.state();
    for (typed, meant) in [
        ("GA", "Global Administrator"),
        ("PRA", "Privileged Role Administrator"),
        ("PAA", "Privileged Authentication Administrator"),
        ("SecAdmin", "Security Administrator"),
        ("GR", "Global Reader"),
    ] {
        // A change: refused with the suggestion, audited, nothing changed.
        env.refuses(
            3,
            &format!("role '{typed}' not found"),
            "assignment.create",
            |e| e.run(&["assign", "--principal", "erin", "--role", typed]),
        );
        let r = env.run(&["assign", "--principal", "erin", "--role", typed]);
        r.stderr_has("hint: did you mean: ").stderr_has(meant);
        // A read suggests it too.
        env.run(&["role", "show", typed])
            .refused(3, "not found")
            .stderr_has("hint: did you mean: ")
            .stderr_has(meant);
    }
    env.run(&[
        "check",
        "--principal",
        "carol",
        "--role",
        "UAA",
        "--scope",
        "/subscriptions/prod",
    ])
    .refused(3, "not found")
    .stderr_has("hint: did you mean: User Access Administrator");
    env.run_as(
        "alice",
        &["activate", "--role", "PRA", "--justification", "x"],
    )
    .refused(3, "not found")
    .stderr_has("hint: did you mean: Privileged Role Administrator");
    assert_eq!(env.state(), before);
}
