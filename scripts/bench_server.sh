#!/usr/bin/env bash
# pim serve benchmark (not a test): the same organisation as scripts/bench.sh (scale l by default),
# `pim check`, `status` and `activate` as whole processes embedded and through the Unix socket,
# beside `sqlite3 FILE 'select 1'`; then the server's throughput with 16 concurrent clients
# (examples/serve_load.rs). Needs root (activations come from 100 uids, each bound to a persona).
#
#   scripts/bench_server.sh [s|m|l]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scale="${1:-l}"
target_dir="${CARGO_TARGET_DIR:-target}"
[[ "${BENCH_NO_BUILD:-0}" == 1 ]] || cargo build --release --bin pim --example gen_org --example serve_load >&2
release="$(cd "$target_dir/release" && pwd)"
PIM="$release/pim"
bench_dir="$(mkdir -p "$target_dir/bench" && cd "$target_dir/bench" && pwd)"
DB="$bench_dir/org-$scale.db"
INFO="$bench_dir/org-$scale.txt"
if [[ ! -f "$DB" || ! -f "$INFO" ]]; then
    echo "== generating the organisation (scale $scale)" >&2
    "$release/examples/gen_org" --scale "$scale" --db "$DB.part" >"$INFO.part"
    rm -f "$DB.part-wal" "$DB.part-shm"
    mv "$DB.part" "$DB"
    sed "s|$DB.part|$DB|" "$INFO.part" >"$INFO" && rm -f "$INFO.part"
fi
WORK="$bench_dir/server-$scale.db"
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$DB" "$WORK"
# Brings the copy's schema up to date (bindings, audit auth), untimed.
"$PIM" --db "$WORK" --as admin whoami >/dev/null
# Persona bench.actNNN is uid 300000 + NNN.
sqlite3 "$WORK" "INSERT OR IGNORE INTO principal_binding (kind, value, principal_id, created_at)
  SELECT 'uid', CAST(300000 + CAST(substr(name, 10) AS INTEGER) AS TEXT), id, 0
  FROM principal WHERE name LIKE 'bench.act%'"
name() { grep "^$1=" "$INFO" | head -1 | cut -d= -f2-; }
deep="$(name deep_rg)"
SOCK="$bench_dir/pim-bench.sock"
export PIM_CONFIG="$bench_dir/server-config.toml"
printf '[server]\nroot = "admin"\nsocket_mode = "0666"\nsweep_interval = "0"\n' >"$PIM_CONFIG"
"$PIM" --db "$WORK" serve --socket "$SOCK" 2>"$bench_dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 100); do [[ -S "$SOCK" ]] && break; sleep 0.05; done
chmod 0711 "$bench_dir"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$PIM" "$WORK" "$SOCK" "$deep" <<'PY'
import os, statistics, subprocess, sys, time
pim, work, sock, deep = sys.argv[1:5]
REPS = int(os.environ.get("BENCH_REPS", "30"))
env_local = dict(os.environ, PIM_DB=work, PIM_ACTOR="admin")
env_local.pop("PIM_SERVER", None)
env_remote = dict(os.environ, PIM_SERVER="unix:" + sock)
env_remote.pop("PIM_ACTOR", None); env_remote.pop("PIM_DB", None)
def med(argv, env, reps=REPS, vary=None):
    ts = []
    for i in range(reps + 1):
        a = vary(i) if vary else argv
        t = time.perf_counter()
        p = subprocess.run(a, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ms = (time.perf_counter() - t) * 1000
        if p.returncode not in (0, 1):
            sys.exit(f"{a}: exit {p.returncode}: {p.stderr.decode()}")
        if i: ts.append(ms)
    return statistics.median(ts), min(ts), max(ts)
def row(label, r):
    print(f"| {label} | {r[0]:.2f} ms ({r[1]:.2f}–{r[2]:.2f}) |")
check = ["check", "--principal", "bench.mg", "--role", "Reader", "--scope", deep]
print("| command (whole process, median of %d) | time |" % REPS)
print("| --- | --- |")
row("`sqlite3 FILE 'select 1'` (the embedded floor)", med(["sqlite3", work, "select 1"], os.environ))
row("`pim check` embedded", med([pim] + check, env_local))
row("`pim check` through the socket", med([pim] + check, env_remote))
row("`pim status` embedded (admin)", med([pim, "status"], env_local))
row("`pim status` through the socket (admin)", med([pim, "status"], env_remote))
act = lambda i: ["setpriv", "--reuid", str(300000 + i), "--regid", str(300000 + i), "--clear-groups", "--",
                 pim, "activate", "--role", "Contributor", "--scope", deep, "--justification", "bench"]
row("`pim activate` through the socket (each run another uid; includes `setpriv`)",
    med(None, env_remote, reps=30, vary=act))
row("`setpriv … true` (what setpriv adds)",
    med(["setpriv", "--reuid", "300099", "--regid", "300099", "--clear-groups", "--", "/bin/true"], os.environ))
PY
LOAD="$release/examples/serve_load"
check_body="{\"op\":\"check\",\"args\":{\"principal\":\"bench.mg\",\"role\":\"Reader\",\"scope\":\"$deep\"}}"
"$LOAD" "$SOCK" 16 5 "$check_body"
"$LOAD" "$SOCK" 16 5 '{"op":"status","args":{"principal":null}}'
# The personas' first 31 uids activated above; the other 69 activate here, 16 at once.
act_body="{\"op\":\"activate\",\"args\":{\"input\":{\"role\":\"Contributor\",\"scope\":\"$deep\",\"justification\":\"bench\",\"ticket_number\":null,\"ticket_system\":null,\"duration\":null,\"start\":null,\"otp\":null},\"dry_run\":false}}"
echo "(activations: uids 300031..300099)"
"$LOAD" --as-uids "$SOCK" 16 300031 69 "$act_body" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
