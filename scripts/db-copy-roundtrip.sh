#!/usr/bin/env bash
# `pim db copy` on a generated organisation, run by hand (issue 16; not part of the test suite):
#
#   scripts/db-copy-roundtrip.sh [s|m|l]        # default m
#
# 1. Builds release `pim` and `gen_org` (PIM_BIN and GEN_ORG name binaries to use instead).
# 2. Generates the organisation of that scale (examples/gen_org.rs; m: 10,000 users, 50,000
#    assignments, 500,000 audit rows) into a temporary directory.
# 3. Uses the PostgreSQL server PIM_TEST_DB names (a database of its own is made there), else
#    starts a throw-away one with scripts/pg-server.sh (stopped at the end).
# 4. Copies SQLite -> PostgreSQL -> SQLite, timing each copy, and checks that every table holds
#    the same rows in all three (each table's rows, in the SQLite column order, sorted and
#    hashed), that the audit head is the same, and that `audit verify --anchor` with the
#    original head passes on both copies.
#
# Needs sqlite3 and psql (Debian's sqlite3 and postgresql-client packages).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scale="${1:-m}"
case "$scale" in s | m | l) ;; *) echo "usage: $0 [s|m|l]" >&2; exit 2 ;; esac

if [[ -z "${PIM_BIN:-}" || -z "${GEN_ORG:-}" ]]; then
    cargo build --release --bin pim --example gen_org >&2
    target_dir="${CARGO_TARGET_DIR:-target}"
    PIM_BIN="${PIM_BIN:-$target_dir/release/pim}"
    GEN_ORG="${GEN_ORG:-$target_dir/release/examples/gen_org}"
fi
command -v sqlite3 >/dev/null || { echo "$0: sqlite3 is required" >&2; exit 1; }
PSQL="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)"
[[ -x "$PSQL" ]] || { echo "$0: psql is required" >&2; exit 1; }

work="$(mktemp -d /tmp/pim-copy.XXXXXX)"
server_dir=""
cleanup() {
    if [[ -n "$server_dir" ]]; then scripts/pg-server.sh stop "$server_dir" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

admin="${PIM_TEST_DB:-}"
if [[ -z "$admin" ]]; then
    server_dir="$work/pg"
    admin="$(scripts/pg-server.sh start "$server_dir" | sed -n 's/^PIM_TEST_DB=//p')"
fi
dbname="pim_copy_$$"
"$PSQL" -q "$admin" -c "CREATE DATABASE $dbname TEMPLATE template0" >/dev/null
pg_url="${admin%/*}/$dbname"

export PIM_CONFIG="$work/empty.toml"
: >"$PIM_CONFIG"
unset PIM_DB PIM_ACTOR PIM_NOW PIM_SERVER

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

a="$work/a.db"
c="$work/c.db"
t0=$(now)
"$GEN_ORG" --scale "$scale" --db "$a" >/dev/null
t1=$(now)
echo "generated scale $scale in $(elapsed "$t0" "$t1") s: $(du -m "$a" | cut -f1) MB" >&2
head="$("$PIM_BIN" --db "$a" --as admin audit head)"

t0=$(now)
"$PIM_BIN" db copy --from "$a" --to "$pg_url" -o json >"$work/to-pg.json"
t1=$(now)
"$PIM_BIN" db copy --from "$pg_url" --to "$c" -o json >"$work/to-sqlite.json"
t2=$(now)
rows="$(sed -n 's/.*"rows": *\([0-9]*\),\{0,1\}$/\1/p' "$work/to-pg.json" | tail -1)"

fail=0
tables="$(sqlite3 "$a" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")"
for t in $tables; do
    cols="$(sqlite3 "$a" "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('$t') ORDER BY cid)")"
    where=""
    [[ "$t" == meta ]] && where=" WHERE key <> 'schema_version'"
    ha="$(sqlite3 "$a" "SELECT $cols FROM $t$where" | LC_ALL=C sort | sha256sum | cut -c1-16)"
    hb="$("$PSQL" -At "$pg_url" -c "SELECT $cols FROM $t$where" | LC_ALL=C sort | sha256sum | cut -c1-16)"
    hc="$(sqlite3 "$c" "SELECT $cols FROM $t$where" | LC_ALL=C sort | sha256sum | cut -c1-16)"
    n="$(sqlite3 "$a" "SELECT count(*) FROM $t$where")"
    if [[ "$ha" == "$hb" && "$hb" == "$hc" ]]; then
        printf '  %-20s %10s rows  same\n' "$t" "$n" >&2
    else
        printf '  %-20s %10s rows  DIFFERENT (%s %s %s)\n' "$t" "$n" "$ha" "$hb" "$hc" >&2
        fail=1
    fi
done
for db in "$pg_url" "$c"; do
    if [[ "$("$PIM_BIN" --db "$db" --as admin audit head)" != "$head" ]]; then
        echo "the audit head of $db differs from $head" >&2
        fail=1
    fi
    if ! "$PIM_BIN" --db "$db" --as admin audit verify --anchor "$head" >&2; then
        echo "audit verify --anchor failed on $db" >&2
        fail=1
    fi
done
"$PSQL" -q "$admin" -c "DROP DATABASE $dbname WITH (FORCE)" >/dev/null || true

echo "scale $scale: $rows rows; SQLite -> PostgreSQL $(elapsed "$t0" "$t1") s, PostgreSQL -> SQLite $(elapsed "$t1" "$t2") s; head $head"
if [[ "$fail" == 0 ]]; then
    echo "round trip: every table the same, same head, verify --anchor passes on both copies"
else
    echo "round trip: FAILED (see above)"
    exit 1
fi
