#!/usr/bin/env bash
# Benchmark of `pim audit export` on a large audit log (issue 5: export streams).
#
#   scripts/bench-export.sh [USERS] [ELIGIBLE] [AUDIT_ROWS]
#
# AUDIT_ROWS extra rows are appended to the chain by seed_org (e.g. `10000 50000 4940000` gives
# five million rows).
#
# Builds release binaries (into $CARGO_TARGET_DIR, default `target`), seeds a fresh database in a
# temporary directory with `examples/seed_org.rs` (default 100,000 users, 10,000 resource groups,
# 500,000 eligible assignments: every user, scope and assignment writes one audit row, so about
# 610,000 rows), then times, as whole processes, with wall time and peak RSS:
#   - `pim audit export -o csv > /dev/null`, and the same to `--file` (atomic, 0600);
#   - `pim audit export --format jsonl > /dev/null`;
#   - `pim audit export -o csv --action principal` (a sixth of the rows), to show memory is flat;
#   - `sqlite3 -csv -header DB 'SELECT <the same columns> FROM audit ORDER BY seq'`, the floor.
# Peak RSS comes from /usr/bin/time -v when present, else from python's getrusage on the child.
# Nothing but cargo (for crates) reaches the network.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

USERS="${1:-100000}"
ELIGIBLE="${2:-500000}"
AUDIT_ROWS="${3:-0}"
RGS=10000
REPS=3

command -v python3 >/dev/null || { echo "bench-export: python3 is required" >&2; exit 1; }

target_dir="${CARGO_TARGET_DIR:-target}"
echo "== building release (target dir: $target_dir)" >&2
cargo build --release --bin pim --example seed_org
release="$(cd "$target_dir/release" && pwd)"
PIM="$release/pim"
SEED="$release/examples/seed_org"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pim-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
DB="$tmp/bench.db"
export PIM_CONFIG="$tmp/config.toml"
: >"$PIM_CONFIG"
unset PIM_DB PIM_ACTOR

echo "== init + seed ($USERS users, $RGS resource groups, $ELIGIBLE eligible)" >&2
"$PIM" --db "$DB" --as admin -q init --admin admin >/dev/null
"$SEED" --db "$DB" --users "$USERS" --scopes "$RGS" --eligible "$ELIGIBLE" --audit-rows "$AUDIT_ROWS"
ls -l "$DB" | awk '{ printf "database: %.0f MB\n", $5 / 1e6 }'

echo "== timing" >&2
SQLITE3="$(command -v sqlite3 || true)"
python3 - "$PIM" "$DB" "$REPS" "$SQLITE3" "$tmp" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time

pim, db, reps, sqlite3, tmp = sys.argv[1:6]
reps = int(reps)
gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

rows = int(subprocess.run([sqlite3 or "false", db, "SELECT count(*) FROM audit"],
                          capture_output=True, text=True).stdout.strip() or 0)
print(f"audit rows: {rows:,}" if rows else "audit rows: (sqlite3 not installed)")

def measure(argv):
    """Wall seconds and peak RSS (MB) of one run, stdout to /dev/null."""
    if gnu_time:
        t0 = time.perf_counter()
        p = subprocess.run([gnu_time, "-v", *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"failed: {argv}\n{p.stderr}")
        kb = next(int(l.split(":")[1]) for l in p.stderr.splitlines()
                  if "Maximum resident set size" in l)
        return wall, kb / 1024
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execv(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"failed: {argv}")
    return wall, ru.ru_maxrss / 1024

cols = ("strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS time, seq, actor_name AS actor, os_user, "
        "action, activity, category, result, principal_name AS principal, role_name AS role, scope, "
        "request_id, assignment_id, justification, ticket_system, ticket_number, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', start_at, 'unixepoch') AS start, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', end_at, 'unixepoch') AS \"end\", details, hash")
out = os.path.join(tmp, "export.csv")
cases = [
    ("pim audit export -o csv > /dev/null", [pim, "--db", db, "--as", "admin", "-o", "csv", "audit", "export"]),
    ("pim audit export -o csv --file F", [pim, "--db", db, "--as", "admin", "-q", "-o", "csv", "audit", "export", "--file", out]),
    ("pim audit export --format jsonl > /dev/null", [pim, "--db", db, "--as", "admin", "audit", "export", "--format", "jsonl"]),
    ("pim audit export -o csv --action principal", [pim, "--db", db, "--as", "admin", "-o", "csv", "audit", "export", "--action", "principal"]),
]
if sqlite3:
    cases.append(("sqlite3 -csv -header (same columns)", [sqlite3, "-csv", "-header", db, f"SELECT {cols} FROM audit ORDER BY seq"]))

print(f"{'command':48} {'median s':>9} {'min s':>7} {'rows/s':>10} {'peak RSS MB':>12}")
for name, argv in cases:
    measure(argv)  # warm the page cache
    runs = [measure(argv) for _ in range(reps)]
    walls = [w for w, _ in runs]
    rss = max(r for _, r in runs)
    med = statistics.median(walls)
    rate = f"{rows / med:,.0f}" if rows and "--action" not in name else ""
    print(f"{name:48} {med:9.2f} {min(walls):7.2f} {rate:>10} {rss:12.1f}")
if os.path.exists(out):
    print(f"export file: {os.path.getsize(out) / 1e6:.0f} MB, mode {oct(os.stat(out).st_mode & 0o777)}")
PY
