//! Several `pim` processes writing one database at once.

use std::thread;

use crate::support::*;

#[test]
fn two_writers_lose_nothing_and_never_see_a_locked_database() {
    let env = TestEnv::bare();
    env.run(&["scope", "add", "/subscriptions/load"]).ok();
    const N: usize = 200;
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|w| {
            let cmd = |args: Vec<String>| {
                let mut c = env.command();
                c.args(args);
                c
            };
            let mut commands = Vec::new();
            for i in 0..N {
                let name = format!("{w}{i:03}");
                commands.push(cmd(vec!["principal".into(), "add".into(), name.clone()]));
                commands.push(cmd(vec![
                    "assign".into(),
                    "--principal".into(),
                    name,
                    "--role".into(),
                    "Reader".into(),
                    "--scope".into(),
                    "/subscriptions/load".into(),
                ]));
            }
            thread::spawn(move || {
                let mut failures = Vec::new();
                for mut c in commands {
                    let out = c.output().expect("run pim");
                    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                    if !out.status.success() || stderr.contains("locked") || stderr.contains("busy")
                    {
                        failures.push(stderr);
                    }
                }
                failures
            })
        })
        .collect();
    for w in writers {
        let failures = w.join().unwrap();
        assert!(failures.is_empty(), "writes failed: {failures:?}");
    }
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--role", "Reader"]);
    assert_eq!(rows.len(), 2 * N);
    assert_eq!(env.count("principal"), 1 + 2 * N as i64);
    // init wrote 3 rows, the scope 1, then 2 per iteration.
    assert_eq!(env.count("audit"), 4 + 4 * N as i64);
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok, "{v:?}");
    let check: String = env
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
