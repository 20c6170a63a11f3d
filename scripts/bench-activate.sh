#!/usr/bin/env bash
# Benchmark of `pim activate` and `pim check` on a large database (issue "activation").
#
#   scripts/bench-activate.sh
#
# Builds release binaries (into $CARGO_TARGET_DIR, default `target`), seeds a fresh database in a
# temporary directory with `examples/seed_org.rs`: 100,000 users, a subscription with 10,000
# resource groups, and 500,000 assignments (450,000 eligible, 50,000 active; five per user, see
# seed_org.rs). Then times, as whole processes, 30 runs each of
#   - `pim --as userNNNNN activate --role R --scope S --justification bench`: every run a different
#     user activating one of their own eligible assignments, so that every run writes an
#     activation (request, assignment, audit row) under the default settings;
#   - `pim --as admin check --principal userNNNNN --role R --scope S`: a third held through an
#     activation just made, a third through a seeded active assignment, a third not held;
#   - `sqlite3 DB 'select 1'`, the floor for a process opening the file, if sqlite3 is installed.
# Nothing but cargo (for crates) reaches the network.
#
# Targets: activate and check <= 10 ms median wall each.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

USERS=100000
RGS=10000
ELIGIBLE=450000
ACTIVE=50000
REPS=30 # timed runs of each command (after one warm-up run)

command -v python3 >/dev/null || { echo "bench-activate: python3 is required" >&2; exit 1; }

target_dir="${CARGO_TARGET_DIR:-target}"
echo "== building release (target dir: $target_dir)" >&2
cargo build --release --bin pim --example seed_org
release="$(cd "$target_dir/release" && pwd)"
PIM="$release/pim"
SEED="$release/examples/seed_org"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pim-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
DB="$tmp/bench.db"
# An empty config file, so that no user config (actor, db) leaks into the benchmark.
export PIM_CONFIG="$tmp/config.toml"
: >"$PIM_CONFIG"
unset PIM_DB PIM_ACTOR

echo "== init + seed ($USERS users, $RGS resource groups, $ELIGIBLE eligible + $ACTIVE active)" >&2
"$PIM" --db "$DB" --as admin -q init --admin admin >/dev/null
"$SEED" --db "$DB" --users "$USERS" --scopes "$RGS" --eligible "$ELIGIBLE" --active "$ACTIVE"
ls -l "$DB" | awk '{ printf "database: %.0f MB\n", $5 / 1e6 }'

echo "== timing" >&2
SQLITE3="$(command -v sqlite3 || true)"
python3 - "$PIM" "$DB" "$USERS" "$REPS" "$SQLITE3" <<'PY'
import json, os, statistics, subprocess, sys, time

pim, db, users, reps, sqlite3 = sys.argv[1:6]
users, reps = int(users), int(reps)

def pim_as(actor, *args):
    return [pim, "--db", db, "--as", actor, *args]

def holdings(user):
    """What the seed gave a user (not timed)."""
    out = subprocess.run(pim_as("admin", "assign", "list", "--principal", user, "-o", "json"),
                         check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)

def timed(cmd, ok=(0,)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - t0) * 1000
    if p.returncode not in ok:
        sys.exit(f"bench-activate: {cmd} exited {p.returncode}: {p.stderr.decode().strip()}")
    return ms

def summary(ms):
    return min(ms), statistics.median(ms), max(ms)

# activate: reps + 1 different users spread over the directory; each activates one of its own
# eligible assignments, taking them in turn (Azure roles at resource groups, directory roles at /).
activations = []
for r in range(reps + 1):
    user = f"user{(r * 3331 + 17) % users:05d}"
    eligible = [a for a in holdings(user) if a["type"] == "eligible"]
    a = eligible[r % len(eligible)]
    activations.append((user, a["role_name"], a["scope"]))
act_ms = []
for r, (user, role, scope) in enumerate(activations):
    ms = timed(pim_as(user, "activate", "--role", role, "--scope", scope, "--justification", "bench"))
    if r > 0:  # the first run is a warm-up, not counted
        act_ms.append(ms)

# check: held through an activation just made, held through a seeded active assignment, not held
# (an eligibility only). Each case is verified once before timing.
cases = []
for r in range(reps + 1):
    kind = r % 3
    if kind == 0:
        user, role, scope = activations[r]
        holds = True
    else:
        # Users from users / 2 on hold their fifth assignment active (see seed_org.rs).
        user = f"user{users // 2 + (r * 2237) % (users // 2):05d}"
        rows = holdings(user)
        want = "active" if kind == 1 else "eligible"
        a = [a for a in rows if a["type"] == want][0]
        role, scope, holds = a["role_name"], a["scope"], kind == 1
    cmd = pim_as("admin", "check", "--principal", user, "--role", role, "--scope", scope)
    got = json.loads(subprocess.run(cmd + ["-o", "json"], stdout=subprocess.PIPE).stdout)
    if got["holds"] != holds or (kind == 0 and not got["paths"][0]["activated_from"]):
        sys.exit(f"bench-activate: {cmd} says {got}, expected holds={holds}")
    cases.append((cmd, 0 if holds else 1))
chk_ms = [timed(cmd, ok=(code,)) for cmd, code in cases][1:]

floor = None
if sqlite3:
    timed([sqlite3, db, "select 1"])
    floor = summary([timed([sqlite3, db, "select 1"]) for _ in range(reps)])

print()
try:  # other work on the machine shows up in the figures
    print(f"load average {' '.join(open('/proc/loadavg').read().split()[:3])} on {os.cpu_count()} CPUs")
except OSError:
    pass
print(f"{'(min / median / max of ' + str(reps) + ' runs, whole process)':<52} {'result':>26}   target")
def line(name, t, target=None):
    mn, med, mx = t
    verdict = "" if target is None else f"<= {target} ms median   {'PASS' if med <= target else 'MISS'}"
    print(f"{name:<52} {mn:>6.1f} / {med:>6.1f} / {mx:>6.1f} ms   {verdict}")
line("activate (each run a different user)", summary(act_ms), 10)
line("check (10 via activation, 10 active, 10 not held)", summary(chk_ms), 10)
if floor:
    line("sqlite3 DB 'select 1' (floor)", floor)
else:
    print("sqlite3 not on PATH: no floor measured")
PY
