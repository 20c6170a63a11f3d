#!/usr/bin/env bash
# Benchmark of `pim assign import` (100,000 rows) and `pim assign list --principal` (one user).
#
#   scripts/bench-assign.sh
#
# Builds release binaries (into $CARGO_TARGET_DIR, default `target`), seeds a fresh database in a
# temporary directory with `examples/seed_org.rs`, imports a generated CSV once, then times the
# list 30 times (and `sqlite3 DB 'select 1'`, the floor for a process opening the file, if sqlite3
# is installed). Nothing but cargo (for crates) reaches the network.
#
# Targets: import >= 20,000 rows/s; list of one principal's assignments <= 20 ms median wall.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROWS=100000 # assignment rows in the CSV
PER_USER=20 # assignments per user (each at a different resource group)
USERS=$((ROWS / PER_USER))
RGS=100     # resource groups; must be >= PER_USER so a user's rows are distinct
REPS=30     # timed runs of each quick command
LIST_USER=user00042

command -v python3 >/dev/null || { echo "bench-assign: python3 is required" >&2; exit 1; }

target_dir="${CARGO_TARGET_DIR:-target}"
echo "== building release (target dir: $target_dir)" >&2
cargo build --release --bin pim --example seed_org
release="$(cd "$target_dir/release" && pwd)"
PIM="$release/pim"
SEED="$release/examples/seed_org"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pim-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
DB="$tmp/bench.db"
CSV="$tmp/assignments.csv"
# An empty config file, so that no user config (actor, db) leaks into the benchmark.
export PIM_CONFIG="$tmp/config.toml"
: >"$PIM_CONFIG"
unset PIM_DB PIM_ACTOR

echo "== init + seed ($USERS users, $RGS resource groups)" >&2
"$PIM" --db "$DB" --as admin -q init --admin admin >/dev/null
"$SEED" --db "$DB" --users "$USERS" --scopes "$RGS"

echo "== generating $ROWS CSV rows" >&2
python3 - "$CSV" "$ROWS" "$PER_USER" "$RGS" <<'PY'
import csv, sys
path, rows, per_user, rgs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
roles = ["Reader", "Contributor", "Owner"]
with open(path, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["principal", "role", "scope", "type", "start", "end", "justification"])
    for i in range(rows):
        user, k = divmod(i, per_user)
        # k < per_user <= rgs, so (user, rg) and hence (principal, role, scope, type) never repeat.
        rg = (user * 7 + k) % rgs
        w.writerow([f"user{user:05d}", roles[(user + k) % 3],
                    f"/subscriptions/bench/resourceGroups/rg{rg:04d}", "eligible", "", "", ""])
PY

echo "== timing" >&2
SQLITE3="$(command -v sqlite3 || true)"
python3 - "$PIM" "$DB" "$CSV" "$ROWS" "$REPS" "$LIST_USER" "$PER_USER" "$SQLITE3" <<'PY'
import json, statistics, subprocess, sys, time

pim, db, csv_path, rows, reps, user, per_user, sqlite3 = sys.argv[1:9]
rows, reps, per_user = int(rows), int(reps), int(per_user)
base = [pim, "--db", db, "--as", "admin"]

def run(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - t0, p

def repeat(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # warm-up, not counted
    ms = [run(cmd, stdout=subprocess.DEVNULL)[0] * 1000 for _ in range(reps)]
    return min(ms), statistics.median(ms), max(ms)

secs, p = run(base + ["-q", "-o", "json", "assign", "import", csv_path], stdout=subprocess.PIPE)
created = json.loads(p.stdout)["created"]
if created != rows:
    sys.exit(f"bench-assign: import created {created} of {rows} rows")

listed = json.loads(subprocess.run(base + ["assign", "list", "--principal", user, "-o", "json"],
                                   check=True, stdout=subprocess.PIPE).stdout)
if len(listed) != per_user:
    sys.exit(f"bench-assign: {user} lists {len(listed)} assignments, expected {per_user}")
lst = repeat(base + ["assign", "list", "--principal", user, "-o", "json"])
floor = repeat([sqlite3, db, "select 1"]) if sqlite3 else None

rate = rows / secs
print()
print(f"{'benchmark':<44} {'result':>28}   target")
print(f"{'assign import (' + format(rows, ',') + ' rows, 1 run)':<44} "
      f"{secs:>8.2f} s = {rate:>9,.0f} rows/s   >= 20,000 rows/s  {'PASS' if rate >= 20000 else 'MISS'}")
def line(name, t, target=None):
    mn, med, mx = t
    verdict = "" if target is None else f"<= {target} ms median   {'PASS' if med <= target else 'MISS'}"
    print(f"{name:<44} {mn:>6.1f} / {med:>6.1f} / {mx:>6.1f} ms   {verdict}")
print(f"{'(quick commands: min / median / max of ' + str(reps) + ')':<44}")
line(f"assign list --principal {user} -o json", lst, 20)
if floor:
    line("sqlite3 DB 'select 1' (floor)", floor)
else:
    print("sqlite3 not on PATH: no floor measured")
PY
