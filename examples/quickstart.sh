# The database the set-up command made, as its administrator.
export PIM_ACTOR=admin
pim principal list
pim scope list --tree
pim assign list

# Make erin eligible for Security Reader for 90 days; give the deployment bot a week of Reader on
# production (service principals hold active, time-bound assignments only).
pim assign --principal erin --role "Security Reader" --duration 90d
pim assign --principal deploy-bot --role Reader --scope /subscriptions/prod \
  --type active --duration 7d --justification "CHG-1042 release week"
pim assign list --principal erin -o json

# A refusal names the rule, exits 4 and changes nothing (but is audited).
pim assign --principal deploy-bot --role Reader --scope /subscriptions/dev || echo "refused: exit $?"

# Bulk assignments from CSV, all or nothing.
csv="$(mktemp)"
printf 'principal,role,scope,type,start,end,justification\ncarol,Contributor,/subscriptions/dev,eligible,,30d,\ndave,Global Reader,/,eligible,,,\n' > "$csv"
pim assign import "$csv" --dry-run
pim assign import "$csv"

# Just-in-time: bob activates his eligible Security Administrator role for two hours.
pim --as bob activate --role "Security Administrator" --justification "INC-4711" --duration 2h
pim --as bob status
pim check --principal bob --role "Security Administrator" && echo "bob holds it now"

# Harden Global Administrator: MFA, a ticket and two of three approvers to activate.
pim settings import examples/settings/hardened-global-admin.toml --dry-run

# The audit trail and its integrity.
pim audit list --limit 5
pim audit verify
pim audit verify --anchor "$(pim audit head)"
