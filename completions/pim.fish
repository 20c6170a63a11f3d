# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pim_global_optspecs
    string join \n db= as= server= config= o/output= q/quiet no-input y/yes color= h/help V/version
end

function __fish_pim_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pim_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pim_using_subcommand
    set -l cmd (__fish_pim_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pim -n "__fish_pim_needs_command" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_needs_command" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_needs_command" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_needs_command" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_needs_command" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_needs_command" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_needs_command" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_needs_command" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_needs_command" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_needs_command" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_needs_command" -s V -l version -d 'Print version'
complete -c pim -n "__fish_pim_needs_command" -f -a "init" -d 'Create the database, the built-in roles and the first administrator'
complete -c pim -n "__fish_pim_needs_command" -f -a "principal" -d 'Users, groups and service principals'
complete -c pim -n "__fish_pim_needs_command" -f -a "group" -d 'Group membership'
complete -c pim -n "__fish_pim_needs_command" -f -a "role" -d 'Role definitions: built-in and custom'
complete -c pim -n "__fish_pim_needs_command" -f -a "scope" -d 'Scopes: the tenant root, administrative units and the Azure hierarchy'
complete -c pim -n "__fish_pim_needs_command" -f -a "assign" -d 'Assign a role (eligible or active), or list and change assignments'
complete -c pim -n "__fish_pim_needs_command" -f -a "activate" -d 'Activate an eligible role for a bounded time (on a terminal with no role: choose)'
complete -c pim -n "__fish_pim_needs_command" -f -a "deactivate" -d 'Turn off your own activations'
complete -c pim -n "__fish_pim_needs_command" -f -a "extend" -d 'Ask to extend your assignment that ends within 14 days (an administrator approves)'
complete -c pim -n "__fish_pim_needs_command" -f -a "renew" -d 'Ask to renew your assignment that expired within 30 days (an administrator approves)'
complete -c pim -n "__fish_pim_needs_command" -f -a "status" -d 'What you (or P) can activate, have active, scheduled and pending'
complete -c pim -n "__fish_pim_needs_command" -f -a "check" -d 'Exit 0 when P holds R at S right now (directly, through a group, or from a parent scope), 1 when not'
complete -c pim -n "__fish_pim_needs_command" -f -a "access" -d 'Everything P holds now (or at T), and how: directly or through a group; active or eligible'
complete -c pim -n "__fish_pim_needs_command" -f -a "sweep" -d 'Record expirations that have passed (safe to run from cron)'
complete -c pim -n "__fish_pim_needs_command" -f -a "request" -d 'Requests: list, show their timeline, cancel'
complete -c pim -n "__fish_pim_needs_command" -f -a "approve" -d 'Approve a request (or `approve list` what waits for you; on a terminal, go through them)'
complete -c pim -n "__fish_pim_needs_command" -f -a "deny" -d 'Deny a request'
complete -c pim -n "__fish_pim_needs_command" -f -a "settings" -d 'Role settings: activation, assignment and notification rules per role and scope'
complete -c pim -n "__fish_pim_needs_command" -f -a "mfa" -d 'Multi-factor authentication by TOTP, for activations that require it'
complete -c pim -n "__fish_pim_needs_command" -f -a "audit" -d 'The hash-chained audit log'
complete -c pim -n "__fish_pim_needs_command" -f -a "review" -d 'Access reviews: who still needs a role'
complete -c pim -n "__fish_pim_needs_command" -f -a "alerts" -d 'Security alerts that hold now'
complete -c pim -n "__fish_pim_needs_command" -f -a "notifications" -d 'Notifications: the outbox, delivery by mail, webhook or command, the weekly digest'
complete -c pim -n "__fish_pim_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pim -n "__fish_pim_needs_command" -f -a "man" -d 'Write man pages into a directory'
complete -c pim -n "__fish_pim_needs_command" -f -a "serve" -d 'Run the server: the only writer of the database, naming callers by their uid'
complete -c pim -n "__fish_pim_needs_command" -f -a "whoami" -d 'Who pim takes you for, and how it knows'
complete -c pim -n "__fish_pim_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand init" -l admin -d 'The first administrator: a user with a permanent active Global Administrator assignment, marked break-glass' -r
complete -c pim -n "__fish_pim_using_subcommand init" -l email -d 'The administrator\'s email address' -r
complete -c pim -n "__fish_pim_using_subcommand init" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand init" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand init" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand init" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand init" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand init" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand init" -l sample -d 'Also create a small demonstration organisation to try every command on'
complete -c pim -n "__fish_pim_using_subcommand init" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand init" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand init" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand init" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "add" -d 'Add a user, group or service principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "list" -d 'List principals'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "show" -d 'Show a principal, its groups, members and assignments'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "update" -d 'Change a principal\'s email address (where notifications go), display name or object id'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "enable" -d 'Enable a disabled principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "disable" -d 'Disable a principal: it holds nothing while disabled'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "remove" -d 'Delete a principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and not __fish_seen_subcommand_from add list show update enable disable remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l kind -r -f -a "user\t''
group\t''
service-principal\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l email -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l display-name -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l object-id -d 'Its Microsoft Entra object id, by which Graph and ARM documents name it (unique)' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l role-assignable -d 'A group that can hold directory roles'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l break-glass -d 'An emergency-access account'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l kind -d 'Only this kind' -r -f -a "user\t''
group\t''
service-principal\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l email -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l display-name -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l login -d 'Bind an OS login name: a caller of `pim serve` with this login acts as the principal' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l uid -d 'Bind a uid: a caller of `pim serve` with this uid acts as the principal' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l cert-fingerprint -d 'Bind a client certificate by its SHA-256 fingerprint' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l object-id -d 'The principal\'s Microsoft Entra object id, by which Graph and ARM documents name it' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l clear-email -d 'Remove the email address'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l clear-object-id -d 'Remove the object id'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l dry-run -d 'Check and say what would change; change nothing'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l force -d 'Also remove the principal\'s assignments (each audited)'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a user, group or service principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "list" -d 'List principals'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a principal, its groups, members and assignments'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a principal\'s email address (where notifications go), display name or object id'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a disabled principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a principal: it holds nothing while disabled'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Delete a principal'
complete -c pim -n "__fish_pim_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -f -a "member" -d 'Static members of a group (`list` also shows active PIM members)'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -f -a "onboard" -d 'Bring a security group under PIM for Groups: its membership and ownership can then be assigned (`pim assign --group G --access member|owner`), activated and governed by settings'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -f -a "offboard" -d 'Take a group out of PIM for Groups (refused while it has member or owner assignments)'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -f -a "list" -d 'The groups under PIM for Groups'
complete -c pim -n "__fish_pim_using_subcommand group; and not __fish_seen_subcommand_from member onboard offboard list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -f -a "add" -d 'Add a member to a group'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -f -a "remove" -d 'Remove a member from a group'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -f -a "list" -d 'List a group\'s members'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from member" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l dry-run -d 'Check and say what would happen; change nothing'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from onboard" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l dry-run -d 'Check and say what would happen; change nothing'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from offboard" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "member" -d 'Static members of a group (`list` also shows active PIM members)'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "onboard" -d 'Bring a security group under PIM for Groups: its membership and ownership can then be assigned (`pim assign --group G --access member|owner`), activated and governed by settings'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "offboard" -d 'Take a group out of PIM for Groups (refused while it has member or owner assignments)'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'The groups under PIM for Groups'
complete -c pim -n "__fish_pim_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -f -a "list" -d 'List role definitions'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -f -a "show" -d 'Show a role definition'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -f -a "create" -d 'Create a custom role with permissions'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -f -a "delete" -d 'Delete a custom role that has no assignments'
complete -c pim -n "__fish_pim_using_subcommand role; and not __fish_seen_subcommand_from list show create delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l kind -r -f -a "directory\t''
azure\t''
group\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l privileged -d 'Only roles labelled privileged'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l kind -r -f -a "directory\t''
azure\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l permission -d 'A resource action the role grants, e.g. microsoft.directory/users/password/update' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l description -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "list" -d 'List role definitions'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a role definition'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a custom role with permissions'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a custom role that has no assignments'
complete -c pim -n "__fish_pim_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add a scope: an administrative unit, management group, subscription, resource group or resource'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List scopes'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a scope with nothing below it and no assignments'
complete -c pim -n "__fish_pim_using_subcommand scope; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l name -d 'A display name' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l parent -d 'The management group a management group or subscription sits under [default: /]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l tree -d 'Draw the hierarchy'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a scope: an administrative unit, management group, subscription, resource group or resource'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from help" -f -a "list" -d 'List scopes'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a scope with nothing below it and no assignments'
complete -c pim -n "__fish_pim_using_subcommand scope; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l principal -d 'Who gets the role: a user, role-assignable group or service principal' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l role -d 'The role, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l scope -d 'Where it applies [default: / for directory roles]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l type -d 'Eligible (activated when needed) or active (in force)' -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l start -d 'When it starts (RFC 3339 or a date) [default: now]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l end -d 'When it ends (exclusive)' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l duration -d 'How long it lasts: 30m, 8h, 1h30m, 14d, PT8H, P90D' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l justification -d 'Why (required for active assignments by default)' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l ticket-number -d 'A ticket that asked for it, e.g. INC-4711' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l ticket-system -d 'The system the ticket lives in, e.g. ServiceNow' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l permanent -d 'No end'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l dry-run -d 'Check everything and say what would happen; change nothing'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "list" -d 'List assignments'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "show" -d 'Show one assignment'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "update" -d 'Change an assignment\'s type, schedule or justification'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "extend" -d 'Give a time-bound assignment a later end'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "renew" -d 'Renew an assignment that expired within the last 30 days'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "remove" -d 'Remove an assignment'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "import" -d 'Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "export" -d 'Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules'
complete -c pim -n "__fish_pim_using_subcommand assign; and not __fish_seen_subcommand_from list show update extend renew remove import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l principal -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l role -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l scope -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l type -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l all -d 'Include removed and expired assignments'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l type -d 'Change the type (`--type active` makes an eligible assignment active)' -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l start -d 'When it starts (RFC 3339 or a date) [default: now]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l end -d 'When it ends (exclusive)' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l duration -d 'How long it lasts: 30m, 8h, 1h30m, 14d, PT8H, P90D' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l justification -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l permanent -d 'No end'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l dry-run
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l end -d 'The new end' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l duration -d 'Extend by this much past the current end' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l justification -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l dry-run
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from extend" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l start -d 'When it starts (RFC 3339 or a date) [default: now]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l end -d 'When it ends (exclusive)' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l duration -d 'How long it lasts: 30m, 8h, 1h30m, 14d, PT8H, P90D' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l justification -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l permanent -d 'No end'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l dry-run
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from renew" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l dry-run
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l type -d 'JSON only: eligibility or assignment, for requests that do not say (a bare POST body)' -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l justification -d 'JSON only: the justification of items that carry none (a tenant\'s schedules carry none; active assignments need one by default)' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l dry-run -d 'Check every row and report; change nothing'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l create-missing -d 'JSON only: create the principals, custom roles and scopes the document names by id and pim lacks, instead of refusing the document'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l principal -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l role -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l scope -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l type -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l format -d 'The file format; the file goes to stdout whatever --output says' -r -f -a "csv\t'principal, role, scope, type, start, end, justification: what `pim assign import` reads'
graph\t'Microsoft Graph schedules (`unifiedRoleEligibilitySchedule`, …, and PIM for Groups\' `privilegedAccessGroup…Schedule`): directory and group roles'
arm\t'Azure Resource Manager `roleEligibilitySchedules` / `roleAssignmentSchedules`: Azure roles'"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "list" -d 'List assignments'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one assignment'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change an assignment\'s type, schedule or justification'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "extend" -d 'Give a time-bound assignment a later end'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "renew" -d 'Renew an assignment that expired within the last 30 days'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an assignment'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules'
complete -c pim -n "__fish_pim_using_subcommand assign; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand activate" -l role -d 'The role to activate, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l scope -d 'Where [default: / for directory roles; for Azure roles, the one scope you are eligible at]' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand activate" -l from -d 'Activate every entry of a file: TOML `[[activate]]` tables, a JSON list of {role, scope, duration, justification}, what `pim status -o json` prints (its eligible roles), or azure-pim-cli\'s activation set ({role, scope, scope_name}, as `az-pim list` prints)' -r -F
complete -c pim -n "__fish_pim_using_subcommand activate" -l justification -d 'Why' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l ticket-number -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l ticket-system -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l duration -d 'How long [default: the role\'s maximum]' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l start -d 'A later start (RFC 3339 or a date): the activation is scheduled' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l otp -d 'A one-time code from your authenticator, when the role requires MFA' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l wait -d 'When approval is needed, wait this long for the decision: exit 0 once active, 4 if denied, 1 if timed out or canceled, 5 if the wait ends first' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand activate" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand activate" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand activate" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand activate" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand activate" -l dry-run -d 'Say what would happen and which rules would refuse it; change nothing'
complete -c pim -n "__fish_pim_using_subcommand activate" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand activate" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand activate" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand activate" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l role -d 'The activated role to turn off' -r
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l scope -r
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand deactivate" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l all -d 'Every activation of yours (asks for confirmation)'
complete -c pim -n "__fish_pim_using_subcommand deactivate" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand deactivate" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand deactivate" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand deactivate" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand extend" -l role -d 'The role of your assignment' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l scope -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l type -d 'Which of your assignments, when you hold both an eligible and an active one' -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand extend" -l end -d 'The end asked for' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l duration -d 'How much longer (extend: past the current end; renew: from now) [default: as long as before]' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l justification -d 'Why (required)' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand extend" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand extend" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand extend" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand extend" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand extend" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand extend" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand extend" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand extend" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand renew" -l role -d 'The role of your assignment' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l scope -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l type -d 'Which of your assignments, when you hold both an eligible and an active one' -r -f -a "eligible\t''
active\t''"
complete -c pim -n "__fish_pim_using_subcommand renew" -l end -d 'The end asked for' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l duration -d 'How much longer (extend: past the current end; renew: from now) [default: as long as before]' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l justification -d 'Why (required)' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand renew" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand renew" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand renew" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand renew" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand renew" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand renew" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand renew" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand renew" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand status" -l principal -d 'Whose status [default: yours]' -r
complete -c pim -n "__fish_pim_using_subcommand status" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand status" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand status" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand status" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand status" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand status" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand status" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand status" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand status" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand check" -l principal -r
complete -c pim -n "__fish_pim_using_subcommand check" -l role -d 'The role, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l scope -d '[default: / for directory roles and actions]' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand check" -l action -d 'A resource action, e.g. microsoft.directory/users/password/update or Microsoft.Compute/virtualMachines/start/action: does any role P holds at S grant it?' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand check" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand check" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand check" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand check" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand check" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand check" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand check" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand check" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand access" -l principal -r
complete -c pim -n "__fish_pim_using_subcommand access" -l at -d 'Another instant (RFC 3339 or a date) [default: now]' -r
complete -c pim -n "__fish_pim_using_subcommand access" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand access" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand access" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand access" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand access" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand access" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand access" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand access" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand access" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand access" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand sweep" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand sweep" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand sweep" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand sweep" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand sweep" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand sweep" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand sweep" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand sweep" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand sweep" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand sweep" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -f -a "list" -d 'List requests (activation, extend and renew)'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -f -a "show" -d 'A request\'s full timeline: created, each stage and vote, outcome'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -f -a "cancel" -d 'Cancel a waiting request (the requester, or an administrator of the role)'
complete -c pim -n "__fish_pim_using_subcommand request; and not __fish_seen_subcommand_from list show cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l pending -d 'Only requests waiting for approval'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l mine -d 'Only requests you made'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l all -d 'Every request you may see, however old [default: the newest 1000]'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "list" -d 'List requests (activation, extend and renew)'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "show" -d 'A request\'s full timeline: created, each stage and vote, outcome'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a waiting request (the requester, or an administrator of the role)'
complete -c pim -n "__fish_pim_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l justification -d 'Why (required unless the role\'s settings relax it)' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l end -d 'For an extend or renew request: the end to grant instead of the one asked for' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -a "list" -d 'The requests you may decide now'
complete -c pim -n "__fish_pim_using_subcommand approve; and not __fish_seen_subcommand_from list help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from help" -f -a "list" -d 'The requests you may decide now'
complete -c pim -n "__fish_pim_using_subcommand approve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand deny" -l justification -d 'Why (required unless the role\'s settings relax it)' -r
complete -c pim -n "__fish_pim_using_subcommand deny" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand deny" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand deny" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand deny" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand deny" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand deny" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand deny" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand deny" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand deny" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand deny" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -f -a "show" -d 'Show a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -f -a "set" -d 'Change a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -f -a "export" -d 'Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -f -a "import" -d 'Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing'
complete -c pim -n "__fish_pim_using_subcommand settings; and not __fish_seen_subcommand_from show set export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l role -d 'The role, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l scope -d 'The scope [default: / for directory roles; Azure roles need one]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l role -d 'The role, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l scope -d 'The scope [default: / for directory roles; Azure roles need one]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l activation-max-duration -d 'Longest activation, 30m to 24h (e.g. 8h, 1h30m, PT8H)' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-mfa -d 'Require multi-factor authentication on activation' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-justification -d 'Require a justification on activation' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-ticket -d 'Require ticket information (number and system) on activation' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-approval -d 'Require approval to activate' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l approver -d 'An approver (user or group), repeatable: one stage of these approvers' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l required-approvals -d 'How many approvers of the single stage must approve [default: 1]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l stage -d 'An approval stage "P1,P2[:N]" (N approvals required, default 1); repeat for stages in series' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l approval-timeout-days -d 'Days each approval stage waits before the request times out, 1 to 30' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l allow-permanent-eligible -d 'Allow permanent eligible assignments' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l eligible-expire-after -d 'Longest eligible assignment when permanent ones are not allowed (e.g. 365d)' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l allow-permanent-active -d 'Allow permanent active assignments' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l active-expire-after -d 'Longest active assignment when permanent ones are not allowed (e.g. 180d)' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-mfa-on-active-assignment -d 'Require the assigning administrator\'s multi-factor authentication on active assignment' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l require-justification-on-active-assignment -d 'Require a justification on active assignment' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l notify -d 'Change a notification rule: EVENT.AUDIENCE.FIELD=VALUE, e.g. activation.admin.critical_only=yes, eligible_assignment.assignee.enabled=no, activation.admin.default_recipients=no, activation.admin.additional_recipients=secops@contoso.example (repeat it; `all` for every event or audience)' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l clear-approvers -d 'Remove all approvers (directory roles: Global and Privileged Role Administrators approve)'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l dry-run -d 'Check everything and show the result; change nothing'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l role -d 'The role, by name or template GUID' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l scope -d 'The scope [default: / for directory roles; Azure roles need one]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l format -d 'The file format; the file goes to stdout whatever --output says' -r -f -a "toml\t'pim\'s settings file, which `pim settings import` reads'
graph\t'Microsoft Graph: the policy\'s 17 rules as `PATCH /policies/roleManagementPolicies/{id}` takes them (directory roles and PIM for Groups)'
arm\t'Azure Resource Manager: the roleManagementPolicies PATCH body (Azure roles)'"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l all -d 'Every role and scope whose settings differ from the defaults (graph and arm: a list of policy assignments, each with its role, scope and rules)'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l role -d 'JSON only: the role the rules are for, when the document does not say (a PATCH body, an ARM policy)' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l scope -d 'JSON only: the scope, when the document does not say' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l group -d 'A group under PIM for Groups (with --access), instead of --role' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l access -d 'With --group: its membership or its ownership' -r -f -a "member\t''
owner\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l dry-run -d 'Check every entry and show the differences; change nothing'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l create-missing -d 'JSON only: create the principals (approvers), custom roles and scopes the document names by id and pim lacks, instead of refusing the document'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "import" -d 'Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing'
complete -c pim -n "__fish_pim_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -f -a "enroll" -d 'Enrol in TOTP: print a new secret once, then confirm it with a code from the app'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -f -a "reset" -d 'Remove a principal\'s enrolment and any lock; they enrol again afterwards'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -f -a "status" -d 'Show whether a principal is enrolled, confirmed or locked (never the secret)'
complete -c pim -n "__fish_pim_using_subcommand mfa; and not __fish_seen_subcommand_from enroll reset status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l principal -d 'Yourself, by name: nobody enrols someone else, since the secret is shown only to the principal enrolling (an administrator resets, then the principal enrols) [default: you]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l code -d 'Confirm the pending enrolment with the 6-digit code the authenticator app shows' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l principal -d 'Name or ID prefix' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l principal -d 'Another principal (needs an MFA administrator) [default: you]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "enroll" -d 'Enrol in TOTP: print a new secret once, then confirm it with a code from the app'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Remove a principal\'s enrolment and any lock; they enrol again afterwards'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether a principal is enrolled, confirmed or locked (never the secret)'
complete -c pim -n "__fish_pim_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -f -a "list" -d 'List audit rows (your own, unless you may read the whole log)'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -f -a "export" -d 'Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -f -a "verify" -d 'Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -f -a "head" -d 'Print the latest row\'s seq and hash, to keep elsewhere as an anchor'
complete -c pim -n "__fish_pim_using_subcommand audit; and not __fish_seen_subcommand_from list export verify head help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'Rows at or after this time' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l until -d 'Rows before this time' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -d 'Rows this principal acted in' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l principal -d 'Rows about this principal' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l role -d 'Rows about this role' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'A machine code (assignment.create) or its prefix (assignment)' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -d 'Only the newest N rows' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -d 'The export\'s format, overriding -o: csv (the default), json (one array) or jsonl (one object a line)' -r -f -a "csv\t''
json\t''
jsonl\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l file -d 'Write to this file (mode 0600, replaced atomically; a FIFO or device is written into) instead of stdout' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'Rows at or after this time' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l until -d 'Rows before this time' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l actor -d 'Rows this principal acted in' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l principal -d 'Rows about this principal' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l role -d 'Rows about this role' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l action -d 'A machine code (assignment.create) or its prefix (assignment)' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l anchor -d 'A head kept elsewhere (`pim audit head`): the row must still be there, unchanged' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l state -d 'Also check the state against the log: every principal, membership, scope, role, role setting, live assignment and MFA enrolment must be what audited events made it'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from head" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'List audit rows (your own, unless you may read the whole log)'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "head" -d 'Print the latest row\'s seq and hash, to keep elsewhere as an anchor'
complete -c pim -n "__fish_pim_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "create" -d 'Start a review of who holds a role at a scope'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "list" -d 'List reviews'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "show" -d 'A review and each of its items: principal, assignment, last activation, recommendation, decision'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "decide" -d 'Decide an item (on a terminal without --principal: go through your undecided items)'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "complete" -d 'Close a review: the default decision fills what nobody decided; --apply removes what was denied'
complete -c pim -n "__fish_pim_using_subcommand review; and not __fish_seen_subcommand_from create list show decide complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l name -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l role -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l scope -d '[default: / for directory roles]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l assignment-type -r -f -a "eligible\t''
active\t''
all\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l reviewer -d 'A reviewer: a user, or a group whose members review (repeatable)' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l duration -d 'How long the review stays open [default: 30d]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l default-decision -d 'What undecided items become when the review completes' -r -f -a "none\t''
approve\t''
deny\t''
recommendation\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l self-review -d 'Each principal reviews their own access'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l auto-apply -d 'Apply the decisions when the review ends by itself'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l principal -d 'Whose access' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l decision -r -f -a "approve\t''
deny\t''
dont-know\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l justification -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from decide" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l apply -d 'Remove the assignments decided `deny` (never the last active Global or Privileged Role Administrator)'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from complete" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "create" -d 'Start a review of who holds a role at a scope'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "list" -d 'List reviews'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "show" -d 'A review and each of its items: principal, assignment, last activation, recommendation, decision'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "decide" -d 'Decide an item (on a terminal without --principal: go through your undecided items)'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "complete" -d 'Close a review: the default decision fills what nobody decided; --apply removes what was denied'
complete -c pim -n "__fish_pim_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand alerts" -l fail-on -d 'Exit 1 when an alert of this severity or higher holds (without it: exit 0 even then)' -r -f -a "low\t''
medium\t''
high\t''"
complete -c pim -n "__fish_pim_using_subcommand alerts" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand alerts" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand alerts" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand alerts" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand alerts" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand alerts" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand alerts" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand alerts" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand alerts" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand alerts" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -f -a "list" -d 'List the outbox: what was queued, to whom, and whether it was delivered'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -f -a "deliver" -d 'Send what is due through the channels of the config file (safe from cron, and from two processes at once)'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -f -a "digest" -d 'Queue the weekly digest (activations, new assignments, alerts) for the administrators'
complete -c pim -n "__fish_pim_using_subcommand notifications; and not __fish_seen_subcommand_from list deliver digest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l limit -d 'At most N rows, oldest first' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l undelivered -d 'Only rows not delivered yet'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l failed -d 'Only rows whose delivery failed (they are retried by later runs)'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l batch -d 'Rows claimed at a time [default: the config\'s `batch`, else 100]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from deliver" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l since -d 'The start of the period [default: 7 days ago]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from digest" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the outbox: what was queued, to whom, and whether it was delivered'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "deliver" -d 'Send what is due through the channels of the config file (safe from cron, and from two processes at once)'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "digest" -d 'Queue the weekly digest (activations, new assignments, alerts) for the administrators'
complete -c pim -n "__fish_pim_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand completions" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand completions" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand completions" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand completions" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand completions" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand completions" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand completions" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand man" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand man" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand man" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand man" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand man" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand man" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand man" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand man" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand man" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand man" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand serve" -l socket -d 'The Unix socket to listen on [default: `[server] socket`, else $XDG_RUNTIME_DIR/pim/pim.sock, else /run/pim/pim.sock]' -r -F
complete -c pim -n "__fish_pim_using_subcommand serve" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand serve" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand serve" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand serve" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand serve" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand serve" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand serve" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand serve" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand serve" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand serve" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand whoami" -l db -d 'The database file [default: the user data directory\'s pim/pim.db]' -r -F
complete -c pim -n "__fish_pim_using_subcommand whoami" -l as -d 'Act as this principal [default: the config file\'s `actor`, else the OS login name]' -r
complete -c pim -n "__fish_pim_using_subcommand whoami" -l server -d 'A pim server to send commands to: unix:PATH [default: `[client] server` in the config; none: open the database here]' -r
complete -c pim -n "__fish_pim_using_subcommand whoami" -l config -d 'A TOML config file [default: the user config directory\'s pim/config.toml]' -r -F
complete -c pim -n "__fish_pim_using_subcommand whoami" -s o -l output -d 'Output format of results (jsonl: one JSON object a line)' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c pim -n "__fish_pim_using_subcommand whoami" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pim -n "__fish_pim_using_subcommand whoami" -s q -l quiet -d 'Print results only: no notes or hints on stderr'
complete -c pim -n "__fish_pim_using_subcommand whoami" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c pim -n "__fish_pim_using_subcommand whoami" -s y -l yes -d 'Answer yes to confirmations'
complete -c pim -n "__fish_pim_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "init" -d 'Create the database, the built-in roles and the first administrator'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "principal" -d 'Users, groups and service principals'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "group" -d 'Group membership'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "role" -d 'Role definitions: built-in and custom'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "scope" -d 'Scopes: the tenant root, administrative units and the Azure hierarchy'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "assign" -d 'Assign a role (eligible or active), or list and change assignments'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "activate" -d 'Activate an eligible role for a bounded time (on a terminal with no role: choose)'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "deactivate" -d 'Turn off your own activations'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "extend" -d 'Ask to extend your assignment that ends within 14 days (an administrator approves)'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "renew" -d 'Ask to renew your assignment that expired within 30 days (an administrator approves)'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "status" -d 'What you (or P) can activate, have active, scheduled and pending'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "check" -d 'Exit 0 when P holds R at S right now (directly, through a group, or from a parent scope), 1 when not'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "access" -d 'Everything P holds now (or at T), and how: directly or through a group; active or eligible'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "sweep" -d 'Record expirations that have passed (safe to run from cron)'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "request" -d 'Requests: list, show their timeline, cancel'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "approve" -d 'Approve a request (or `approve list` what waits for you; on a terminal, go through them)'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "deny" -d 'Deny a request'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "settings" -d 'Role settings: activation, assignment and notification rules per role and scope'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "mfa" -d 'Multi-factor authentication by TOTP, for activations that require it'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "audit" -d 'The hash-chained audit log'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "review" -d 'Access reviews: who still needs a role'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "alerts" -d 'Security alerts that hold now'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "notifications" -d 'Notifications: the outbox, delivery by mail, webhook or command, the weekly digest'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "completions" -d 'Print a shell completion script'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "man" -d 'Write man pages into a directory'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "serve" -d 'Run the server: the only writer of the database, naming callers by their uid'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "whoami" -d 'Who pim takes you for, and how it knows'
complete -c pim -n "__fish_pim_using_subcommand help; and not __fish_seen_subcommand_from init principal group role scope assign activate deactivate extend renew status check access sweep request approve deny settings mfa audit review alerts notifications completions man serve whoami help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "add" -d 'Add a user, group or service principal'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "list" -d 'List principals'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "show" -d 'Show a principal, its groups, members and assignments'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "update" -d 'Change a principal\'s email address (where notifications go), display name or object id'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "enable" -d 'Enable a disabled principal'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "disable" -d 'Disable a principal: it holds nothing while disabled'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "remove" -d 'Delete a principal'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "member" -d 'Static members of a group (`list` also shows active PIM members)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "onboard" -d 'Bring a security group under PIM for Groups: its membership and ownership can then be assigned (`pim assign --group G --access member|owner`), activated and governed by settings'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "offboard" -d 'Take a group out of PIM for Groups (refused while it has member or owner assignments)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'The groups under PIM for Groups'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "list" -d 'List role definitions'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "show" -d 'Show a role definition'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "create" -d 'Create a custom role with permissions'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "delete" -d 'Delete a custom role that has no assignments'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from scope" -f -a "add" -d 'Add a scope: an administrative unit, management group, subscription, resource group or resource'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from scope" -f -a "list" -d 'List scopes'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from scope" -f -a "remove" -d 'Remove a scope with nothing below it and no assignments'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "list" -d 'List assignments'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "show" -d 'Show one assignment'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "update" -d 'Change an assignment\'s type, schedule or justification'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "extend" -d 'Give a time-bound assignment a later end'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "renew" -d 'Renew an assignment that expired within the last 30 days'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "remove" -d 'Remove an assignment'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "import" -d 'Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from assign" -f -a "export" -d 'Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "list" -d 'List requests (activation, extend and renew)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "show" -d 'A request\'s full timeline: created, each stage and vote, outcome'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "cancel" -d 'Cancel a waiting request (the requester, or an administrator of the role)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from approve" -f -a "list" -d 'The requests you may decide now'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "show" -d 'Show a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "set" -d 'Change a role\'s settings at a scope'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "export" -d 'Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "import" -d 'Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "enroll" -d 'Enrol in TOTP: print a new secret once, then confirm it with a code from the app'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "reset" -d 'Remove a principal\'s enrolment and any lock; they enrol again afterwards'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "status" -d 'Show whether a principal is enrolled, confirmed or locked (never the secret)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'List audit rows (your own, unless you may read the whole log)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "head" -d 'Print the latest row\'s seq and hash, to keep elsewhere as an anchor'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "create" -d 'Start a review of who holds a role at a scope'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "list" -d 'List reviews'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "show" -d 'A review and each of its items: principal, assignment, last activation, recommendation, decision'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "decide" -d 'Decide an item (on a terminal without --principal: go through your undecided items)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "complete" -d 'Close a review: the default decision fills what nobody decided; --apply removes what was denied'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "list" -d 'List the outbox: what was queued, to whom, and whether it was delivered'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "deliver" -d 'Send what is due through the channels of the config file (safe from cron, and from two processes at once)'
complete -c pim -n "__fish_pim_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "digest" -d 'Queue the weekly digest (activations, new assignments, alerts) for the administrators'
