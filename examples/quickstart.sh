#!/usr/bin/env bash
# The README quick start, end to end. Uses `pim` from PATH and the database in PIM_DB
# (a throw-away one in a temp dir if unset). CI runs it through `cargo test`.
set -euo pipefail

if [ -z "${PIM_DB:-}" ]; then
  PIM_DB="$(mktemp -d)/pim.db"
  export PIM_DB
fi
export PIM_ACTOR=admin

# A database with a demonstration organisation; `admin` is its break-glass Global Administrator.
pim init --admin admin --sample

# Look around.
pim principal list
pim scope list --tree
pim assign list

# Make erin eligible for Security Reader for 90 days, and give the deployment bot a week of
# Reader on production (service principals hold active, time-bound assignments only).
pim assign --principal erin --role "Security Reader" --duration 90d
pim assign --principal deploy-bot --role Reader --scope /subscriptions/prod \
  --type active --duration 7d --justification "CHG-1042 release week"

# What erin holds, as JSON for scripts.
pim assign list --principal erin -o json

# Refusals name the rule and exit 4; nothing changes.
if pim assign --principal deploy-bot --role Reader --scope /subscriptions/dev 2>/dev/null; then
  echo "expected a refusal" >&2
  exit 1
else
  test $? -eq 4
fi

# Bulk assignments from CSV, all or nothing.
csv="$(dirname "$PIM_DB")/assignments.csv"
cat > "$csv" <<'CSV'
principal,role,scope,type,start,end,justification
carol,Contributor,/subscriptions/dev,eligible,,30d,
dave,Global Reader,/,eligible,,,
CSV
pim assign import "$csv" --dry-run
pim assign import "$csv"

# Just-in-time: bob activates his eligible Security Administrator role for two hours.
pim --as bob activate --role "Security Administrator" --justification "INC-4711" --duration 2h
pim --as bob status
pim check --principal bob --role "Security Administrator"

# Harden Global Administrator: MFA, a ticket and two approvers to activate.
pim settings import "$(dirname "$0")/settings/hardened-global-admin.toml" --dry-run
pim settings import "$(dirname "$0")/settings/hardened-global-admin.toml"
pim settings show --role "Global Administrator"

# The audit trail, and its integrity.
pim audit list --limit 5
pim audit verify
anchor="$(pim audit head)"
pim audit verify --anchor "$anchor"
