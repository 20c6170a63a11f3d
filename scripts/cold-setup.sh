#!/usr/bin/env bash
# The README's two set-up commands from cold: an empty registry cache and an empty target
# directory, as on a fresh clone. Prints, for each command, the load average before it (other work
# on the machine slows a build down), its wall-clock time, and the CPU time it and its children used
# (user + system: what the build costs whatever else runs). Leaves nothing behind.
#
#   scripts/cold-setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain stays where rustup keeps it; only the registry cache and the build are fresh.
CARGO="$(command -v cargo)"
work="$(mktemp -d)"
# mktemp makes the directory 0700; the PAM-gate test runs the built pim as another uid, which must
# reach the target directory inside it, as it does in any checkout.
chmod 755 "$work"
# The logs stay (COLD_SETUP_LOGS, default /tmp/pim-cold-setup), so a failing test can be read.
logs="${COLD_SETUP_LOGS:-/tmp/pim-cold-setup}"
mkdir -p "$logs"
trap 'cp "$work"/*.log "$logs"/ 2>/dev/null || true; echo "logs in $logs"; rm -rf "$work"' EXIT
export CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target"
export PIM_DB="$work/pim.db" CARGO_TERM_COLOR=never
mkdir -p "$CARGO_HOME"

run() {
  local label="$1"; shift
  echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
  local TIMEFORMAT='%R %U %S' times status=0
  times=$({ time "$@" >"$work/$label.log" 2>&1; } 2>&1) || status=$?
  if [ "$status" -ne 0 ] && ! grep -q '^test result:' "$work/$label.log"; then
    tail -30 "$work/$label.log"; exit 1
  fi
  read -r real user sys <<<"$times"
  awk -v l="$label" -v r="$real" -v u="$user" -v s="$sys" 'BEGIN {
    printf "%s: %dm %02ds wall, %dm %02ds CPU (user + system)\n", l, r / 60, r % 60, (u + s) / 60, (u + s) % 60 }'
  grep -E '^test result:' "$work/$label.log" |
    awk '{p += $4; f += $6} END {if (NR) print "  tests: " p " passed, " f " failed"}' || true
}

run first-command "$CARGO" run -- init --admin admin --sample
run first-test "$CARGO" test
