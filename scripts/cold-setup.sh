#!/usr/bin/env bash
# The README's two set-up commands from cold: an empty registry cache and an empty target
# directory, as on a fresh clone. Prints the load average before each command (other work on the
# machine slows a build down) and the wall-clock time of each. Leaves nothing behind.
#
#   scripts/cold-setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain stays where rustup keeps it; only the registry cache and the build are fresh.
CARGO="$(command -v cargo)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target"
export PIM_DB="$work/pim.db" CARGO_TERM_COLOR=never
mkdir -p "$CARGO_HOME"

run() {
  local label="$1"; shift
  echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
  local start end
  start=$(date +%s)
  "$@" >"$work/$label.log" 2>&1 || { tail -30 "$work/$label.log"; exit 1; }
  end=$(date +%s)
  printf '%s: %dm %02ds\n' "$label" $(((end - start) / 60)) $(((end - start) % 60))
  grep -E '^test result:' "$work/$label.log" | awk '{p+=$4; f+=$6} END {if (NR) print "  tests: " p " passed, " f " failed"}' || true
}

run first-command "$CARGO" run -- init --admin admin --sample
run first-test "$CARGO" test
