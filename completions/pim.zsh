#compdef pim

autoload -U is-at-least

_pim() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_pim_commands" \
"*::: :->pim" \
&& ret=0
    case $state in
    (pim)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
'--admin=[The first administrator\: a user with a permanent active Global Administrator assignment, marked break-glass]:NAME:_default' \
'--email=[The administrator'\''s email address]:EMAIL:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--sample[Also create a small demonstration organisation to try every command on]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(principal)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__principal_commands" \
"*::: :->principal" \
&& ret=0

    case $state in
    (principal)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-principal-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--kind=[]:KIND:(user group service-principal)' \
'--email=[]:EMAIL:_default' \
'--display-name=[]:DISPLAY_NAME:_default' \
'--object-id=[Its Microsoft Entra object id, by which Graph and ARM documents name it (unique)]:GUID:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--role-assignable[A group that can hold directory roles]' \
'--break-glass[An emergency-access account]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name -- Login or user principal name, unique (case-insensitive):_default' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--kind=[Only this kind]:KIND:(user group service-principal)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name -- Name or ID prefix:_default' \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
'(--clear-email)--email=[]:E:_default' \
'--display-name=[]:D:_default' \
'(--email --clear-email --display-name)--login=[Bind an OS login name\: a caller of \`pim serve\` with this login acts as the principal]:L:_default' \
'(--email --clear-email --display-name)--uid=[Bind a uid\: a caller of \`pim serve\` with this uid acts as the principal]:N:_default' \
'(--email --clear-email --display-name)--cert-fingerprint=[Bind a client certificate by its SHA-256 fingerprint]:SHA256:_default' \
'(--clear-object-id)--object-id=[The principal'\''s Microsoft Entra object id, by which Graph and ARM documents name it]:GUID:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--clear-email[Remove the email address]' \
'--clear-object-id[Remove the object id]' \
'--dry-run[Check and say what would change; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--force[Also remove the principal'\''s assignments (each audited)]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__principal__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-principal-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(group)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__group_commands" \
"*::: :->group" \
&& ret=0

    case $state in
    (group)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-group-command-$line[1]:"
        case $line[1] in
            (member)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__group__subcmd__member_commands" \
"*::: :->member" \
&& ret=0

    case $state in
    (member)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-group-member-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':group:_default' \
':member:_default' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':group:_default' \
':member:_default' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':group:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__group__subcmd__member__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-group-member-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(onboard)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[Check and say what would happen; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':group:_default' \
&& ret=0
;;
(offboard)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[Check and say what would happen; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':group:_default' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__group__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-group-help-command-$line[1]:"
        case $line[1] in
            (member)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__group__subcmd__help__subcmd__member_commands" \
"*::: :->member" \
&& ret=0

    case $state in
    (member)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-group-help-member-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(onboard)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(offboard)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(role)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__role_commands" \
"*::: :->role" \
&& ret=0

    case $state in
    (role)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-role-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--kind=[]:KIND:(directory azure group)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--privileged[Only roles labelled privileged]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':role -- Name, template GUID, or ID prefix:_default' \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
'--kind=[]:KIND:(directory azure)' \
'*--permission=[A resource action the role grants, e.g. microsoft.directory/users/password/update]:ACTION:_default' \
'--description=[]:DESCRIPTION:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(delete)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':role:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__role__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-role-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(delete)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(scope)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__scope_commands" \
"*::: :->scope" \
&& ret=0

    case $state in
    (scope)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-scope-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--name=[A display name]:NAME:_default' \
'--parent=[The management group a management group or subscription sits under \[default\: /\]]:PATH:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':path -- The scope path, e.g. /subscriptions/prod/resourceGroups/rg-web:_default' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--tree[Draw the hierarchy]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':path:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__scope__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-scope-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(assign)
_arguments "${_arguments_options[@]}" : \
'--principal=[Who gets the role\: a user, role-assignable group or service principal]:P:_default' \
'--role=[The role, by name or template GUID]:R:_default' \
'--scope=[Where it applies \[default\: / for directory roles\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--type=[Eligible (activated when needed) or active (in force)]:TYPE:(eligible active)' \
'--start=[When it starts (RFC 3339 or a date) \[default\: now\]]:TIME:_default' \
'(--duration --permanent)--end=[When it ends (exclusive)]:TIME:_default' \
'(--permanent)--duration=[How long it lasts\: 30m, 8h, 1h30m, 14d, PT8H, P90D]:D:_default' \
'--justification=[Why (required for active assignments by default)]:J:_default' \
'--ticket-number=[A ticket that asked for it, e.g. INC-4711]:N:_default' \
'--ticket-system=[The system the ticket lives in, e.g. ServiceNow]:S:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--permanent[No end]' \
'--dry-run[Check everything and say what would happen; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__assign_commands" \
"*::: :->assign" \
&& ret=0

    case $state in
    (assign)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-assign-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--principal=[]:P:_default' \
'--role=[]:R:_default' \
'--scope=[]:S:_default' \
'--type=[]:TYPE:(eligible active)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--all[Include removed and expired assignments]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- Assignment ID or a unique prefix (6+ characters):_default' \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
'--type=[Change the type (\`--type active\` makes an eligible assignment active)]:TYPE:(eligible active)' \
'--start=[When it starts (RFC 3339 or a date) \[default\: now\]]:TIME:_default' \
'(--duration --permanent)--end=[When it ends (exclusive)]:TIME:_default' \
'(--permanent)--duration=[How long it lasts\: 30m, 8h, 1h30m, 14d, PT8H, P90D]:D:_default' \
'--justification=[]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--permanent[No end]' \
'--dry-run[]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- Assignment ID or a unique prefix:_default' \
&& ret=0
;;
(extend)
_arguments "${_arguments_options[@]}" : \
'--end=[The new end]:TIME:_default' \
'--duration=[Extend by this much past the current end]:D:_default' \
'--justification=[]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- Assignment ID or a unique prefix:_default' \
&& ret=0
;;
(renew)
_arguments "${_arguments_options[@]}" : \
'--start=[When it starts (RFC 3339 or a date) \[default\: now\]]:TIME:_default' \
'(--duration --permanent)--end=[When it ends (exclusive)]:TIME:_default' \
'(--permanent)--duration=[How long it lasts\: 30m, 8h, 1h30m, 14d, PT8H, P90D]:D:_default' \
'--justification=[]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--permanent[No end]' \
'--dry-run[]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- ID (or unique prefix) of the expired assignment:_default' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- Assignment ID or a unique prefix:_default' \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
'--type=[JSON only\: eligibility or assignment, for requests that do not say (a bare POST body)]:TYPE:(eligible active)' \
'--justification=[JSON only\: the justification of items that carry none (a tenant'\''s schedules carry none; active assignments need one by default)]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[Check every row and report; change nothing]' \
'--create-missing[JSON only\: create the principals, custom roles and scopes the document names by id and pim lacks, instead of refusing the document]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':file -- A CSV file with a header row\: principal, role, scope, type, start, end, justification (only principal and role are required; `end` may be a time, a duration or `permanent`). Or JSON from Microsoft Graph or ARM\: schedules, or schedule requests (adminAssign, adminUpdate, adminExtend, adminRemove, selfActivate):_files' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'--principal=[]:P:_default' \
'--role=[]:R:_default' \
'--scope=[]:S:_default' \
'--type=[]:TYPE:(eligible active)' \
'--format=[The file format; the file goes to stdout whatever --output says]:FORMAT:((csv\:"principal, role, scope, type, start, end, justification\: what \`pim assign import\` reads"
graph\:"Microsoft Graph schedules (\`unifiedRoleEligibilitySchedule\`, …, and PIM for Groups'\'' \`privilegedAccessGroup…Schedule\`)\: directory and group roles"
arm\:"Azure Resource Manager \`roleEligibilitySchedules\` / \`roleAssignmentSchedules\`\: Azure roles"))' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__assign__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-assign-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(extend)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(renew)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(activate)
_arguments "${_arguments_options[@]}" : \
'--role=[The role to activate, by name or template GUID]:R:_default' \
'--scope=[Where \[default\: / for directory roles; for Azure roles, the one scope you are eligible at\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--from=[Activate every entry of a file\: TOML \`\[\[activate\]\]\` tables, a JSON list of {role, scope, duration, justification}, what \`pim status -o json\` prints (its eligible roles), or azure-pim-cli'\''s activation set ({role, scope, scope_name}, as \`az-pim list\` prints)]:FILE:_files' \
'--justification=[Why]:J:_default' \
'--ticket-number=[]:N:_default' \
'--ticket-system=[]:S:_default' \
'--duration=[How long \[default\: the role'\''s maximum\]]:D:_default' \
'--start=[A later start (RFC 3339 or a date)\: the activation is scheduled]:T:_default' \
'--otp=[A one-time code from your authenticator, when the role requires MFA]:CODE:_default' \
'(--dry-run)--wait=[When approval is needed, wait this long for the decision\: exit 0 once active, 4 if denied, 1 if timed out or canceled, 5 if the wait ends first]:D:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[Say what would happen and which rules would refuse it; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(deactivate)
_arguments "${_arguments_options[@]}" : \
'--role=[The activated role to turn off]:R:_default' \
'--scope=[]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--all[Every activation of yours (asks for confirmation)]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(extend)
_arguments "${_arguments_options[@]}" : \
'--role=[The role of your assignment]:R:_default' \
'--scope=[]:S:_default' \
'--type=[Which of your assignments, when you hold both an eligible and an active one]:TYPE:(eligible active)' \
'--end=[The end asked for]:T:_default' \
'--duration=[How much longer (extend\: past the current end; renew\: from now) \[default\: as long as before\]]:D:_default' \
'--justification=[Why (required)]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(renew)
_arguments "${_arguments_options[@]}" : \
'--role=[The role of your assignment]:R:_default' \
'--scope=[]:S:_default' \
'--type=[Which of your assignments, when you hold both an eligible and an active one]:TYPE:(eligible active)' \
'--end=[The end asked for]:T:_default' \
'--duration=[How much longer (extend\: past the current end; renew\: from now) \[default\: as long as before\]]:D:_default' \
'--justification=[Why (required)]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
'--principal=[Whose status \[default\: yours\]]:P:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(check)
_arguments "${_arguments_options[@]}" : \
'--principal=[]:P:_default' \
'--role=[The role, by name or template GUID]:R:_default' \
'--scope=[\[default\: / for directory roles and actions\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'(--role)--action=[A resource action, e.g. microsoft.directory/users/password/update or Microsoft.Compute/virtualMachines/start/action\: does any role P holds at S grant it?]:ACTION:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(access)
_arguments "${_arguments_options[@]}" : \
'--principal=[]:P:_default' \
'--at=[Another instant (RFC 3339 or a date) \[default\: now\]]:T:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(sweep)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(request)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__request_commands" \
"*::: :->request" \
&& ret=0

    case $state in
    (request)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-request-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--pending[Only requests waiting for approval]' \
'--mine[Only requests you made]' \
'--all[Every request you may see, however old \[default\: the newest 1000\]]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id:_default' \
&& ret=0
;;
(cancel)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__request__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-request-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(cancel)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(approve)
_arguments "${_arguments_options[@]}" : \
'--justification=[Why (required unless the role'\''s settings relax it)]:J:_default' \
'--end=[For an extend or renew request\: the end to grant instead of the one asked for]:T:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
'::id -- The request to approve (ID or unique prefix); without it, on a terminal, go through the requests waiting for you one by one:_default' \
":: :_pim__subcmd__approve_commands" \
"*::: :->approve" \
&& ret=0

    case $state in
    (approve)
        words=($line[2] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-approve-command-$line[2]:"
        case $line[2] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__approve__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-approve-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(deny)
_arguments "${_arguments_options[@]}" : \
'--justification=[Why (required unless the role'\''s settings relax it)]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id -- The request to deny (ID or unique prefix):_default' \
&& ret=0
;;
(settings)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__settings_commands" \
"*::: :->settings" \
&& ret=0

    case $state in
    (settings)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-settings-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
'--role=[The role, by name or template GUID]:R:_default' \
'--scope=[The scope \[default\: / for directory roles; Azure roles need one\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
'--role=[The role, by name or template GUID]:R:_default' \
'--scope=[The scope \[default\: / for directory roles; Azure roles need one\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--activation-max-duration=[Longest activation, 30m to 24h (e.g. 8h, 1h30m, PT8H)]:D:_default' \
'--require-mfa=[Require multi-factor authentication on activation]:B:_default' \
'--require-justification=[Require a justification on activation]:B:_default' \
'--require-ticket=[Require ticket information (number and system) on activation]:B:_default' \
'--require-approval=[Require approval to activate]:B:_default' \
'(--stage --clear-approvers)*--approver=[An approver (user or group), repeatable\: one stage of these approvers]:P:_default' \
'(--stage --clear-approvers)--required-approvals=[How many approvers of the single stage must approve \[default\: 1\]]:N:_default' \
'(--clear-approvers)*--stage=[An approval stage "P1,P2\[\:N\]" (N approvals required, default 1); repeat for stages in series]:STAGE:_default' \
'--approval-timeout-days=[Days each approval stage waits before the request times out, 1 to 30]:N:_default' \
'--allow-permanent-eligible=[Allow permanent eligible assignments]:B:_default' \
'--eligible-expire-after=[Longest eligible assignment when permanent ones are not allowed (e.g. 365d)]:D:_default' \
'--allow-permanent-active=[Allow permanent active assignments]:B:_default' \
'--active-expire-after=[Longest active assignment when permanent ones are not allowed (e.g. 180d)]:D:_default' \
'--require-mfa-on-active-assignment=[Require the assigning administrator'\''s multi-factor authentication on active assignment]:B:_default' \
'--require-justification-on-active-assignment=[Require a justification on active assignment]:B:_default' \
'*--notify=[Change a notification rule\: EVENT.AUDIENCE.FIELD=VALUE, e.g. activation.admin.critical_only=yes, eligible_assignment.assignee.enabled=no, activation.admin.default_recipients=no, activation.admin.additional_recipients=secops@contoso.example (repeat it; \`all\` for every event or audience)]:RULE=VALUE:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--clear-approvers[Remove all approvers (directory roles\: Global and Privileged Role Administrators approve)]' \
'--dry-run[Check everything and show the result; change nothing]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'--role=[The role, by name or template GUID]:R:_default' \
'--scope=[The scope \[default\: / for directory roles; Azure roles need one\]]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--format=[The file format; the file goes to stdout whatever --output says]:FORMAT:((toml\:"pim'\''s settings file, which \`pim settings import\` reads"
graph\:"Microsoft Graph\: the policy'\''s 17 rules as \`PATCH /policies/roleManagementPolicies/{id}\` takes them (directory roles and PIM for Groups)"
arm\:"Azure Resource Manager\: the roleManagementPolicies PATCH body (Azure roles)"))' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'(--role)--all[Every role and scope whose settings differ from the defaults (graph and arm\: a list of policy assignments, each with its role, scope and rules)]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
'--role=[JSON only\: the role the rules are for, when the document does not say (a PATCH body, an ARM policy)]:R:_default' \
'--scope=[JSON only\: the scope, when the document does not say]:S:_default' \
'(--role --scope)--group=[A group under PIM for Groups (with --access), instead of --role]:G:_default' \
'--access=[With --group\: its membership or its ownership]:A:(member owner)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--dry-run[Check every entry and show the differences; change nothing]' \
'--create-missing[JSON only\: create the principals (approvers), custom roles and scopes the document names by id and pim lacks, instead of refusing the document]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':file -- A TOML settings file\: \[\[role\]\] tables as `pim settings export` prints them (each the complete settings of its role and scope; keys left out take Entra'\''s defaults). Or JSON from Microsoft Graph or ARM\: a policy, a policy assignment, a rules list or one rule (the rules it lists change, the others keep their values):_files' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__settings__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-settings-help-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(mfa)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__mfa_commands" \
"*::: :->mfa" \
&& ret=0

    case $state in
    (mfa)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-mfa-command-$line[1]:"
        case $line[1] in
            (enroll)
_arguments "${_arguments_options[@]}" : \
'--principal=[Yourself, by name\: nobody enrols someone else, since the secret is shown only to the principal enrolling (an administrator resets, then the principal enrols) \[default\: you\]]:NAME:_default' \
'--code=[Confirm the pending enrolment with the 6-digit code the authenticator app shows]:CODE:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(reset)
_arguments "${_arguments_options[@]}" : \
'--principal=[Name or ID prefix]:NAME:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
'--principal=[Another principal (needs an MFA administrator) \[default\: you\]]:NAME:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__mfa__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-mfa-help-command-$line[1]:"
        case $line[1] in
            (enroll)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(reset)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(audit)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-audit-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--since=[Rows at or after this time]:T:_default' \
'--until=[Rows before this time]:T:_default' \
'--actor=[Rows this principal acted in]:P:_default' \
'--principal=[Rows about this principal]:P:_default' \
'--role=[Rows about this role]:R:_default' \
'--action=[A machine code (assignment.create) or its prefix (assignment)]:A:_default' \
'--limit=[Only the newest N rows]:N:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'--format=[The export'\''s format, overriding -o\: csv (the default), json (one array) or jsonl (one object a line)]:FORMAT:(csv json jsonl)' \
'--file=[Write to this file (mode 0600, replaced atomically; a FIFO or device is written into) instead of stdout]:PATH:_files' \
'--since=[Rows at or after this time]:T:_default' \
'--until=[Rows before this time]:T:_default' \
'--actor=[Rows this principal acted in]:P:_default' \
'--principal=[Rows about this principal]:P:_default' \
'--role=[Rows about this role]:R:_default' \
'--action=[A machine code (assignment.create) or its prefix (assignment)]:A:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
'--anchor=[A head kept elsewhere (\`pim audit head\`)\: the row must still be there, unchanged]:SEQ:HASH:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--state[Also check the state against the log\: every principal, membership, scope, role, role setting, live assignment and MFA enrolment must be what audited events made it]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(head)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__audit__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-audit-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(head)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(review)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__review_commands" \
"*::: :->review" \
&& ret=0

    case $state in
    (review)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-review-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'--name=[]:N:_default' \
'--role=[]:R:_default' \
'--scope=[\[default\: / for directory roles\]]:S:_default' \
'--assignment-type=[]:ASSIGNMENT_TYPE:(eligible active all)' \
'*--reviewer=[A reviewer\: a user, or a group whose members review (repeatable)]:P:_default' \
'--duration=[How long the review stays open \[default\: 30d\]]:D:_default' \
'--default-decision=[What undecided items become when the review completes]:DEFAULT_DECISION:(none approve deny recommendation)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--self-review[Each principal reviews their own access]' \
'--auto-apply[Apply the decisions when the review ends by itself]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id:_default' \
&& ret=0
;;
(decide)
_arguments "${_arguments_options[@]}" : \
'--principal=[Whose access]:P:_default' \
'--decision=[]:DECISION:(approve deny dont-know)' \
'--justification=[]:J:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id:_default' \
&& ret=0
;;
(complete)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--apply[Remove the assignments decided \`deny\` (never the last active Global or Privileged Role Administrator)]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':id:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__review__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-review-help-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(decide)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(complete)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(alerts)
_arguments "${_arguments_options[@]}" : \
'--fail-on=[Exit 1 when an alert of this severity or higher holds (without it\: exit 0 even then)]:SEVERITY:(low medium high)' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(notifications)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_pim__subcmd__notifications_commands" \
"*::: :->notifications" \
&& ret=0

    case $state in
    (notifications)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-notifications-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--limit=[At most N rows, oldest first]:N:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'--undelivered[Only rows not delivered yet]' \
'--failed[Only rows whose delivery failed (they are retried by later runs)]' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(deliver)
_arguments "${_arguments_options[@]}" : \
'--batch=[Rows claimed at a time \[default\: the config'\''s \`batch\`, else 100\]]:N:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(digest)
_arguments "${_arguments_options[@]}" : \
'--since=[The start of the period \[default\: 7 days ago\]]:T:_default' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__notifications__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-notifications-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(deliver)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(digest)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':shell -- bash, zsh, fish, powershell or elvish:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
':dir -- The directory to write pim.1 and one page per subcommand into:_files' \
&& ret=0
;;
(serve)
_arguments "${_arguments_options[@]}" : \
'--socket=[The Unix socket to listen on \[default\: \`\[server\] socket\`, else \$XDG_RUNTIME_DIR/pim/pim.sock, else /run/pim/pim.sock\]]:PATH:_files' \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(whoami)
_arguments "${_arguments_options[@]}" : \
'--db=[The database file \[default\: the user data directory'\''s pim/pim.db\]]:PATH:_files' \
'--as=[Act as this principal \[default\: the config file'\''s \`actor\`, else the OS login name\]]:NAME:_default' \
'--server=[A pim server to send commands to\: unix\:PATH \[default\: \`\[client\] server\` in the config; none\: open the database here\]]:URL:_default' \
'--config=[A TOML config file \[default\: the user config directory'\''s pim/config.toml\]]:PATH:_files' \
'-o+[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--output=[Output format of results (jsonl\: one JSON object a line)]:OUTPUT:(table json jsonl csv)' \
'--color=[When to use colour on a terminal (NO_COLOR is honoured)]:COLOR:(auto always never)' \
'-q[Print results only\: no notes or hints on stderr]' \
'--quiet[Print results only\: no notes or hints on stderr]' \
'--no-input[Never prompt; a missing value is an error naming its flag]' \
'-y[Answer yes to confirmations]' \
'--yes[Answer yes to confirmations]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(principal)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__principal_commands" \
"*::: :->principal" \
&& ret=0

    case $state in
    (principal)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-principal-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(enable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(disable)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(group)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__group_commands" \
"*::: :->group" \
&& ret=0

    case $state in
    (group)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-group-command-$line[1]:"
        case $line[1] in
            (member)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__group__subcmd__member_commands" \
"*::: :->member" \
&& ret=0

    case $state in
    (member)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-group-member-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(onboard)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(offboard)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(role)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__role_commands" \
"*::: :->role" \
&& ret=0

    case $state in
    (role)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-role-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(delete)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(scope)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__scope_commands" \
"*::: :->scope" \
&& ret=0

    case $state in
    (scope)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-scope-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(assign)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__assign_commands" \
"*::: :->assign" \
&& ret=0

    case $state in
    (assign)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-assign-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(extend)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(renew)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(activate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(deactivate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(extend)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(renew)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(access)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(sweep)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(request)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__request_commands" \
"*::: :->request" \
&& ret=0

    case $state in
    (request)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-request-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(cancel)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(approve)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__approve_commands" \
"*::: :->approve" \
&& ret=0

    case $state in
    (approve)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-approve-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(deny)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(settings)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__settings_commands" \
"*::: :->settings" \
&& ret=0

    case $state in
    (settings)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-settings-command-$line[1]:"
        case $line[1] in
            (show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(set)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(mfa)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__mfa_commands" \
"*::: :->mfa" \
&& ret=0

    case $state in
    (mfa)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-mfa-command-$line[1]:"
        case $line[1] in
            (enroll)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(reset)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(audit)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-audit-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(head)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(review)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__review_commands" \
"*::: :->review" \
&& ret=0

    case $state in
    (review)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-review-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(decide)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(complete)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(alerts)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(notifications)
_arguments "${_arguments_options[@]}" : \
":: :_pim__subcmd__help__subcmd__notifications_commands" \
"*::: :->notifications" \
&& ret=0

    case $state in
    (notifications)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:pim-help-notifications-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(deliver)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(digest)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(serve)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(whoami)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_pim_commands] )) ||
_pim_commands() {
    local commands; commands=(
'init:Create the database, the built-in roles and the first administrator' \
'principal:Users, groups and service principals' \
'group:Group membership' \
'role:Role definitions\: built-in and custom' \
'scope:Scopes\: the tenant root, administrative units and the Azure hierarchy' \
'assign:Assign a role (eligible or active), or list and change assignments' \
'activate:Activate an eligible role for a bounded time (on a terminal with no role\: choose)' \
'deactivate:Turn off your own activations' \
'extend:Ask to extend your assignment that ends within 14 days (an administrator approves)' \
'renew:Ask to renew your assignment that expired within 30 days (an administrator approves)' \
'status:What you (or P) can activate, have active, scheduled and pending' \
'check:Exit 0 when P holds R at S right now (directly, through a group, or from a parent scope), 1 when not' \
'access:Everything P holds now (or at T), and how\: directly or through a group; active or eligible' \
'sweep:Record expirations that have passed (safe to run from cron)' \
'request:Requests\: list, show their timeline, cancel' \
'approve:Approve a request (or \`approve list\` what waits for you; on a terminal, go through them)' \
'deny:Deny a request' \
'settings:Role settings\: activation, assignment and notification rules per role and scope' \
'mfa:Multi-factor authentication by TOTP, for activations that require it' \
'audit:The hash-chained audit log' \
'review:Access reviews\: who still needs a role' \
'alerts:Security alerts that hold now' \
'notifications:Notifications\: the outbox, delivery by mail, webhook or command, the weekly digest' \
'completions:Print a shell completion script' \
'man:Write man pages into a directory' \
'serve:Run the server\: the only writer of the database, naming callers by their uid' \
'whoami:Who pim takes you for, and how it knows' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim commands' commands "$@"
}
(( $+functions[_pim__subcmd__access_commands] )) ||
_pim__subcmd__access_commands() {
    local commands; commands=()
    _describe -t commands 'pim access commands' commands "$@"
}
(( $+functions[_pim__subcmd__activate_commands] )) ||
_pim__subcmd__activate_commands() {
    local commands; commands=()
    _describe -t commands 'pim activate commands' commands "$@"
}
(( $+functions[_pim__subcmd__alerts_commands] )) ||
_pim__subcmd__alerts_commands() {
    local commands; commands=()
    _describe -t commands 'pim alerts commands' commands "$@"
}
(( $+functions[_pim__subcmd__approve_commands] )) ||
_pim__subcmd__approve_commands() {
    local commands; commands=(
'list:The requests you may decide now' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim approve commands' commands "$@"
}
(( $+functions[_pim__subcmd__approve__subcmd__help_commands] )) ||
_pim__subcmd__approve__subcmd__help_commands() {
    local commands; commands=(
'list:The requests you may decide now' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim approve help commands' commands "$@"
}
(( $+functions[_pim__subcmd__approve__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__approve__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim approve help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__approve__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__approve__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim approve help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__approve__subcmd__list_commands] )) ||
_pim__subcmd__approve__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim approve list commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign_commands] )) ||
_pim__subcmd__assign_commands() {
    local commands; commands=(
'list:List assignments' \
'show:Show one assignment' \
'update:Change an assignment'\''s type, schedule or justification' \
'extend:Give a time-bound assignment a later end' \
'renew:Renew an assignment that expired within the last 30 days' \
'remove:Remove an assignment' \
'import:Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing' \
'export:Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim assign commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__export_commands] )) ||
_pim__subcmd__assign__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign export commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__extend_commands] )) ||
_pim__subcmd__assign__subcmd__extend_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign extend commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help_commands] )) ||
_pim__subcmd__assign__subcmd__help_commands() {
    local commands; commands=(
'list:List assignments' \
'show:Show one assignment' \
'update:Change an assignment'\''s type, schedule or justification' \
'extend:Give a time-bound assignment a later end' \
'renew:Renew an assignment that expired within the last 30 days' \
'remove:Remove an assignment' \
'import:Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing' \
'export:Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim assign help commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__export_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help export commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__extend_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__extend_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help extend commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__import_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help import commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__remove_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__renew_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__renew_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help renew commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__help__subcmd__update_commands] )) ||
_pim__subcmd__assign__subcmd__help__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign help update commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__import_commands] )) ||
_pim__subcmd__assign__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign import commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__list_commands] )) ||
_pim__subcmd__assign__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign list commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__remove_commands] )) ||
_pim__subcmd__assign__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__renew_commands] )) ||
_pim__subcmd__assign__subcmd__renew_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign renew commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__show_commands] )) ||
_pim__subcmd__assign__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign show commands' commands "$@"
}
(( $+functions[_pim__subcmd__assign__subcmd__update_commands] )) ||
_pim__subcmd__assign__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim assign update commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit_commands] )) ||
_pim__subcmd__audit_commands() {
    local commands; commands=(
'list:List audit rows (your own, unless you may read the whole log)' \
'export:Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines' \
'verify:Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered' \
'head:Print the latest row'\''s seq and hash, to keep elsewhere as an anchor' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim audit commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__export_commands] )) ||
_pim__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit export commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__head_commands] )) ||
_pim__subcmd__audit__subcmd__head_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit head commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help_commands] )) ||
_pim__subcmd__audit__subcmd__help_commands() {
    local commands; commands=(
'list:List audit rows (your own, unless you may read the whole log)' \
'export:Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines' \
'verify:Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered' \
'head:Print the latest row'\''s seq and hash, to keep elsewhere as an anchor' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim audit help commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help__subcmd__export_commands] )) ||
_pim__subcmd__audit__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit help export commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help__subcmd__head_commands] )) ||
_pim__subcmd__audit__subcmd__help__subcmd__head_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit help head commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__audit__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__audit__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__help__subcmd__verify_commands] )) ||
_pim__subcmd__audit__subcmd__help__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit help verify commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__list_commands] )) ||
_pim__subcmd__audit__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit list commands' commands "$@"
}
(( $+functions[_pim__subcmd__audit__subcmd__verify_commands] )) ||
_pim__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'pim audit verify commands' commands "$@"
}
(( $+functions[_pim__subcmd__check_commands] )) ||
_pim__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'pim check commands' commands "$@"
}
(( $+functions[_pim__subcmd__completions_commands] )) ||
_pim__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'pim completions commands' commands "$@"
}
(( $+functions[_pim__subcmd__deactivate_commands] )) ||
_pim__subcmd__deactivate_commands() {
    local commands; commands=()
    _describe -t commands 'pim deactivate commands' commands "$@"
}
(( $+functions[_pim__subcmd__deny_commands] )) ||
_pim__subcmd__deny_commands() {
    local commands; commands=()
    _describe -t commands 'pim deny commands' commands "$@"
}
(( $+functions[_pim__subcmd__extend_commands] )) ||
_pim__subcmd__extend_commands() {
    local commands; commands=()
    _describe -t commands 'pim extend commands' commands "$@"
}
(( $+functions[_pim__subcmd__group_commands] )) ||
_pim__subcmd__group_commands() {
    local commands; commands=(
'member:Static members of a group (\`list\` also shows active PIM members)' \
'onboard:Bring a security group under PIM for Groups\: its membership and ownership can then be assigned (\`pim assign --group G --access member|owner\`), activated and governed by settings' \
'offboard:Take a group out of PIM for Groups (refused while it has member or owner assignments)' \
'list:The groups under PIM for Groups' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim group commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help_commands] )) ||
_pim__subcmd__group__subcmd__help_commands() {
    local commands; commands=(
'member:Static members of a group (\`list\` also shows active PIM members)' \
'onboard:Bring a security group under PIM for Groups\: its membership and ownership can then be assigned (\`pim assign --group G --access member|owner\`), activated and governed by settings' \
'offboard:Take a group out of PIM for Groups (refused while it has member or owner assignments)' \
'list:The groups under PIM for Groups' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim group help commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__member_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__member_commands() {
    local commands; commands=(
'add:Add a member to a group' \
'remove:Remove a member from a group' \
'list:List a group'\''s members' \
    )
    _describe -t commands 'pim group help member commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__add_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help member add commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__list_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help member list commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__remove_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__member__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help member remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__offboard_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__offboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help offboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__help__subcmd__onboard_commands] )) ||
_pim__subcmd__group__subcmd__help__subcmd__onboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim group help onboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__list_commands] )) ||
_pim__subcmd__group__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim group list commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member_commands] )) ||
_pim__subcmd__group__subcmd__member_commands() {
    local commands; commands=(
'add:Add a member to a group' \
'remove:Remove a member from a group' \
'list:List a group'\''s members' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim group member commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__add_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member add commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__help_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__help_commands() {
    local commands; commands=(
'add:Add a member to a group' \
'remove:Remove a member from a group' \
'list:List a group'\''s members' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim group member help commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__add_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member help add commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__remove_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member help remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__list_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member list commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__member__subcmd__remove_commands] )) ||
_pim__subcmd__group__subcmd__member__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim group member remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__offboard_commands] )) ||
_pim__subcmd__group__subcmd__offboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim group offboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__group__subcmd__onboard_commands] )) ||
_pim__subcmd__group__subcmd__onboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim group onboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__help_commands] )) ||
_pim__subcmd__help_commands() {
    local commands; commands=(
'init:Create the database, the built-in roles and the first administrator' \
'principal:Users, groups and service principals' \
'group:Group membership' \
'role:Role definitions\: built-in and custom' \
'scope:Scopes\: the tenant root, administrative units and the Azure hierarchy' \
'assign:Assign a role (eligible or active), or list and change assignments' \
'activate:Activate an eligible role for a bounded time (on a terminal with no role\: choose)' \
'deactivate:Turn off your own activations' \
'extend:Ask to extend your assignment that ends within 14 days (an administrator approves)' \
'renew:Ask to renew your assignment that expired within 30 days (an administrator approves)' \
'status:What you (or P) can activate, have active, scheduled and pending' \
'check:Exit 0 when P holds R at S right now (directly, through a group, or from a parent scope), 1 when not' \
'access:Everything P holds now (or at T), and how\: directly or through a group; active or eligible' \
'sweep:Record expirations that have passed (safe to run from cron)' \
'request:Requests\: list, show their timeline, cancel' \
'approve:Approve a request (or \`approve list\` what waits for you; on a terminal, go through them)' \
'deny:Deny a request' \
'settings:Role settings\: activation, assignment and notification rules per role and scope' \
'mfa:Multi-factor authentication by TOTP, for activations that require it' \
'audit:The hash-chained audit log' \
'review:Access reviews\: who still needs a role' \
'alerts:Security alerts that hold now' \
'notifications:Notifications\: the outbox, delivery by mail, webhook or command, the weekly digest' \
'completions:Print a shell completion script' \
'man:Write man pages into a directory' \
'serve:Run the server\: the only writer of the database, naming callers by their uid' \
'whoami:Who pim takes you for, and how it knows' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim help commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__access_commands] )) ||
_pim__subcmd__help__subcmd__access_commands() {
    local commands; commands=()
    _describe -t commands 'pim help access commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__activate_commands] )) ||
_pim__subcmd__help__subcmd__activate_commands() {
    local commands; commands=()
    _describe -t commands 'pim help activate commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__alerts_commands] )) ||
_pim__subcmd__help__subcmd__alerts_commands() {
    local commands; commands=()
    _describe -t commands 'pim help alerts commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__approve_commands] )) ||
_pim__subcmd__help__subcmd__approve_commands() {
    local commands; commands=(
'list:The requests you may decide now' \
    )
    _describe -t commands 'pim help approve commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__approve__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__approve__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help approve list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign_commands] )) ||
_pim__subcmd__help__subcmd__assign_commands() {
    local commands; commands=(
'list:List assignments' \
'show:Show one assignment' \
'update:Change an assignment'\''s type, schedule or justification' \
'extend:Give a time-bound assignment a later end' \
'renew:Renew an assignment that expired within the last 30 days' \
'remove:Remove an assignment' \
'import:Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing' \
'export:Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules' \
    )
    _describe -t commands 'pim help assign commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__export_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign export commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__extend_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__extend_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign extend commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__import_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign import commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__remove_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__renew_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__renew_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign renew commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__assign__subcmd__update_commands] )) ||
_pim__subcmd__help__subcmd__assign__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim help assign update commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__audit_commands] )) ||
_pim__subcmd__help__subcmd__audit_commands() {
    local commands; commands=(
'list:List audit rows (your own, unless you may read the whole log)' \
'export:Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines' \
'verify:Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered' \
'head:Print the latest row'\''s seq and hash, to keep elsewhere as an anchor' \
    )
    _describe -t commands 'pim help audit commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__audit__subcmd__export_commands] )) ||
_pim__subcmd__help__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim help audit export commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__audit__subcmd__head_commands] )) ||
_pim__subcmd__help__subcmd__audit__subcmd__head_commands() {
    local commands; commands=()
    _describe -t commands 'pim help audit head commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__audit__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__audit__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help audit list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__audit__subcmd__verify_commands] )) ||
_pim__subcmd__help__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'pim help audit verify commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__check_commands] )) ||
_pim__subcmd__help__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'pim help check commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__completions_commands] )) ||
_pim__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'pim help completions commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__deactivate_commands] )) ||
_pim__subcmd__help__subcmd__deactivate_commands() {
    local commands; commands=()
    _describe -t commands 'pim help deactivate commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__deny_commands] )) ||
_pim__subcmd__help__subcmd__deny_commands() {
    local commands; commands=()
    _describe -t commands 'pim help deny commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__extend_commands] )) ||
_pim__subcmd__help__subcmd__extend_commands() {
    local commands; commands=()
    _describe -t commands 'pim help extend commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group_commands] )) ||
_pim__subcmd__help__subcmd__group_commands() {
    local commands; commands=(
'member:Static members of a group (\`list\` also shows active PIM members)' \
'onboard:Bring a security group under PIM for Groups\: its membership and ownership can then be assigned (\`pim assign --group G --access member|owner\`), activated and governed by settings' \
'offboard:Take a group out of PIM for Groups (refused while it has member or owner assignments)' \
'list:The groups under PIM for Groups' \
    )
    _describe -t commands 'pim help group commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__member_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__member_commands() {
    local commands; commands=(
'add:Add a member to a group' \
'remove:Remove a member from a group' \
'list:List a group'\''s members' \
    )
    _describe -t commands 'pim help group member commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__add_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group member add commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group member list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__remove_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__member__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group member remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__offboard_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__offboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group offboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__group__subcmd__onboard_commands] )) ||
_pim__subcmd__help__subcmd__group__subcmd__onboard_commands() {
    local commands; commands=()
    _describe -t commands 'pim help group onboard commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__init_commands] )) ||
_pim__subcmd__help__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'pim help init commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__man_commands] )) ||
_pim__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'pim help man commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__mfa_commands] )) ||
_pim__subcmd__help__subcmd__mfa_commands() {
    local commands; commands=(
'enroll:Enrol in TOTP\: print a new secret once, then confirm it with a code from the app' \
'reset:Remove a principal'\''s enrolment and any lock; they enrol again afterwards' \
'status:Show whether a principal is enrolled, confirmed or locked (never the secret)' \
    )
    _describe -t commands 'pim help mfa commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__mfa__subcmd__enroll_commands] )) ||
_pim__subcmd__help__subcmd__mfa__subcmd__enroll_commands() {
    local commands; commands=()
    _describe -t commands 'pim help mfa enroll commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__mfa__subcmd__reset_commands] )) ||
_pim__subcmd__help__subcmd__mfa__subcmd__reset_commands() {
    local commands; commands=()
    _describe -t commands 'pim help mfa reset commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__mfa__subcmd__status_commands] )) ||
_pim__subcmd__help__subcmd__mfa__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'pim help mfa status commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__notifications_commands] )) ||
_pim__subcmd__help__subcmd__notifications_commands() {
    local commands; commands=(
'list:List the outbox\: what was queued, to whom, and whether it was delivered' \
'deliver:Send what is due through the channels of the config file (safe from cron, and from two processes at once)' \
'digest:Queue the weekly digest (activations, new assignments, alerts) for the administrators' \
    )
    _describe -t commands 'pim help notifications commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__notifications__subcmd__deliver_commands] )) ||
_pim__subcmd__help__subcmd__notifications__subcmd__deliver_commands() {
    local commands; commands=()
    _describe -t commands 'pim help notifications deliver commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__notifications__subcmd__digest_commands] )) ||
_pim__subcmd__help__subcmd__notifications__subcmd__digest_commands() {
    local commands; commands=()
    _describe -t commands 'pim help notifications digest commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__notifications__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__notifications__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help notifications list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal_commands] )) ||
_pim__subcmd__help__subcmd__principal_commands() {
    local commands; commands=(
'add:Add a user, group or service principal' \
'list:List principals' \
'show:Show a principal, its groups, members and assignments' \
'update:Change a principal'\''s email address (where notifications go), display name or object id' \
'enable:Enable a disabled principal' \
'disable:Disable a principal\: it holds nothing while disabled' \
'remove:Delete a principal' \
    )
    _describe -t commands 'pim help principal commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__add_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal add commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__disable_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal disable commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__enable_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal enable commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__remove_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__principal__subcmd__update_commands] )) ||
_pim__subcmd__help__subcmd__principal__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim help principal update commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__renew_commands] )) ||
_pim__subcmd__help__subcmd__renew_commands() {
    local commands; commands=()
    _describe -t commands 'pim help renew commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__request_commands] )) ||
_pim__subcmd__help__subcmd__request_commands() {
    local commands; commands=(
'list:List requests (activation, extend and renew)' \
'show:A request'\''s full timeline\: created, each stage and vote, outcome' \
'cancel:Cancel a waiting request (the requester, or an administrator of the role)' \
    )
    _describe -t commands 'pim help request commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__request__subcmd__cancel_commands] )) ||
_pim__subcmd__help__subcmd__request__subcmd__cancel_commands() {
    local commands; commands=()
    _describe -t commands 'pim help request cancel commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__request__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__request__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help request list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__request__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__request__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help request show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review_commands] )) ||
_pim__subcmd__help__subcmd__review_commands() {
    local commands; commands=(
'create:Start a review of who holds a role at a scope' \
'list:List reviews' \
'show:A review and each of its items\: principal, assignment, last activation, recommendation, decision' \
'decide:Decide an item (on a terminal without --principal\: go through your undecided items)' \
'complete:Close a review\: the default decision fills what nobody decided; --apply removes what was denied' \
    )
    _describe -t commands 'pim help review commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review__subcmd__complete_commands] )) ||
_pim__subcmd__help__subcmd__review__subcmd__complete_commands() {
    local commands; commands=()
    _describe -t commands 'pim help review complete commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review__subcmd__create_commands] )) ||
_pim__subcmd__help__subcmd__review__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim help review create commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review__subcmd__decide_commands] )) ||
_pim__subcmd__help__subcmd__review__subcmd__decide_commands() {
    local commands; commands=()
    _describe -t commands 'pim help review decide commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__review__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help review list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__review__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__review__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help review show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__role_commands] )) ||
_pim__subcmd__help__subcmd__role_commands() {
    local commands; commands=(
'list:List role definitions' \
'show:Show a role definition' \
'create:Create a custom role with permissions' \
'delete:Delete a custom role that has no assignments' \
    )
    _describe -t commands 'pim help role commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__role__subcmd__create_commands] )) ||
_pim__subcmd__help__subcmd__role__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim help role create commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__role__subcmd__delete_commands] )) ||
_pim__subcmd__help__subcmd__role__subcmd__delete_commands() {
    local commands; commands=()
    _describe -t commands 'pim help role delete commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__role__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__role__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help role list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__role__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__role__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help role show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__scope_commands] )) ||
_pim__subcmd__help__subcmd__scope_commands() {
    local commands; commands=(
'add:Add a scope\: an administrative unit, management group, subscription, resource group or resource' \
'list:List scopes' \
'remove:Remove a scope with nothing below it and no assignments' \
    )
    _describe -t commands 'pim help scope commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__scope__subcmd__add_commands] )) ||
_pim__subcmd__help__subcmd__scope__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim help scope add commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__scope__subcmd__list_commands] )) ||
_pim__subcmd__help__subcmd__scope__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim help scope list commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__scope__subcmd__remove_commands] )) ||
_pim__subcmd__help__subcmd__scope__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim help scope remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__serve_commands] )) ||
_pim__subcmd__help__subcmd__serve_commands() {
    local commands; commands=()
    _describe -t commands 'pim help serve commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__settings_commands] )) ||
_pim__subcmd__help__subcmd__settings_commands() {
    local commands; commands=(
'show:Show a role'\''s settings at a scope' \
'set:Change a role'\''s settings at a scope' \
'export:Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON' \
'import:Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing' \
    )
    _describe -t commands 'pim help settings commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__settings__subcmd__export_commands] )) ||
_pim__subcmd__help__subcmd__settings__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim help settings export commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__settings__subcmd__import_commands] )) ||
_pim__subcmd__help__subcmd__settings__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim help settings import commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__settings__subcmd__set_commands] )) ||
_pim__subcmd__help__subcmd__settings__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'pim help settings set commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__settings__subcmd__show_commands] )) ||
_pim__subcmd__help__subcmd__settings__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim help settings show commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__status_commands] )) ||
_pim__subcmd__help__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'pim help status commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__sweep_commands] )) ||
_pim__subcmd__help__subcmd__sweep_commands() {
    local commands; commands=()
    _describe -t commands 'pim help sweep commands' commands "$@"
}
(( $+functions[_pim__subcmd__help__subcmd__whoami_commands] )) ||
_pim__subcmd__help__subcmd__whoami_commands() {
    local commands; commands=()
    _describe -t commands 'pim help whoami commands' commands "$@"
}
(( $+functions[_pim__subcmd__init_commands] )) ||
_pim__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'pim init commands' commands "$@"
}
(( $+functions[_pim__subcmd__man_commands] )) ||
_pim__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'pim man commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa_commands] )) ||
_pim__subcmd__mfa_commands() {
    local commands; commands=(
'enroll:Enrol in TOTP\: print a new secret once, then confirm it with a code from the app' \
'reset:Remove a principal'\''s enrolment and any lock; they enrol again afterwards' \
'status:Show whether a principal is enrolled, confirmed or locked (never the secret)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim mfa commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__enroll_commands] )) ||
_pim__subcmd__mfa__subcmd__enroll_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa enroll commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__help_commands] )) ||
_pim__subcmd__mfa__subcmd__help_commands() {
    local commands; commands=(
'enroll:Enrol in TOTP\: print a new secret once, then confirm it with a code from the app' \
'reset:Remove a principal'\''s enrolment and any lock; they enrol again afterwards' \
'status:Show whether a principal is enrolled, confirmed or locked (never the secret)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim mfa help commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__help__subcmd__enroll_commands] )) ||
_pim__subcmd__mfa__subcmd__help__subcmd__enroll_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa help enroll commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__mfa__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__help__subcmd__reset_commands] )) ||
_pim__subcmd__mfa__subcmd__help__subcmd__reset_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa help reset commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__help__subcmd__status_commands] )) ||
_pim__subcmd__mfa__subcmd__help__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa help status commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__reset_commands] )) ||
_pim__subcmd__mfa__subcmd__reset_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa reset commands' commands "$@"
}
(( $+functions[_pim__subcmd__mfa__subcmd__status_commands] )) ||
_pim__subcmd__mfa__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'pim mfa status commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications_commands] )) ||
_pim__subcmd__notifications_commands() {
    local commands; commands=(
'list:List the outbox\: what was queued, to whom, and whether it was delivered' \
'deliver:Send what is due through the channels of the config file (safe from cron, and from two processes at once)' \
'digest:Queue the weekly digest (activations, new assignments, alerts) for the administrators' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim notifications commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__deliver_commands] )) ||
_pim__subcmd__notifications__subcmd__deliver_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications deliver commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__digest_commands] )) ||
_pim__subcmd__notifications__subcmd__digest_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications digest commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__help_commands] )) ||
_pim__subcmd__notifications__subcmd__help_commands() {
    local commands; commands=(
'list:List the outbox\: what was queued, to whom, and whether it was delivered' \
'deliver:Send what is due through the channels of the config file (safe from cron, and from two processes at once)' \
'digest:Queue the weekly digest (activations, new assignments, alerts) for the administrators' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim notifications help commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__help__subcmd__deliver_commands] )) ||
_pim__subcmd__notifications__subcmd__help__subcmd__deliver_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications help deliver commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__help__subcmd__digest_commands] )) ||
_pim__subcmd__notifications__subcmd__help__subcmd__digest_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications help digest commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__notifications__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__notifications__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__notifications__subcmd__list_commands] )) ||
_pim__subcmd__notifications__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim notifications list commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal_commands] )) ||
_pim__subcmd__principal_commands() {
    local commands; commands=(
'add:Add a user, group or service principal' \
'list:List principals' \
'show:Show a principal, its groups, members and assignments' \
'update:Change a principal'\''s email address (where notifications go), display name or object id' \
'enable:Enable a disabled principal' \
'disable:Disable a principal\: it holds nothing while disabled' \
'remove:Delete a principal' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim principal commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__add_commands] )) ||
_pim__subcmd__principal__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal add commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__disable_commands] )) ||
_pim__subcmd__principal__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal disable commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__enable_commands] )) ||
_pim__subcmd__principal__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal enable commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help_commands] )) ||
_pim__subcmd__principal__subcmd__help_commands() {
    local commands; commands=(
'add:Add a user, group or service principal' \
'list:List principals' \
'show:Show a principal, its groups, members and assignments' \
'update:Change a principal'\''s email address (where notifications go), display name or object id' \
'enable:Enable a disabled principal' \
'disable:Disable a principal\: it holds nothing while disabled' \
'remove:Delete a principal' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim principal help commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__add_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help add commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__disable_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__disable_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help disable commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__enable_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__enable_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help enable commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__remove_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__help__subcmd__update_commands] )) ||
_pim__subcmd__principal__subcmd__help__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal help update commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__list_commands] )) ||
_pim__subcmd__principal__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal list commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__remove_commands] )) ||
_pim__subcmd__principal__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__show_commands] )) ||
_pim__subcmd__principal__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal show commands' commands "$@"
}
(( $+functions[_pim__subcmd__principal__subcmd__update_commands] )) ||
_pim__subcmd__principal__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'pim principal update commands' commands "$@"
}
(( $+functions[_pim__subcmd__renew_commands] )) ||
_pim__subcmd__renew_commands() {
    local commands; commands=()
    _describe -t commands 'pim renew commands' commands "$@"
}
(( $+functions[_pim__subcmd__request_commands] )) ||
_pim__subcmd__request_commands() {
    local commands; commands=(
'list:List requests (activation, extend and renew)' \
'show:A request'\''s full timeline\: created, each stage and vote, outcome' \
'cancel:Cancel a waiting request (the requester, or an administrator of the role)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim request commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__cancel_commands] )) ||
_pim__subcmd__request__subcmd__cancel_commands() {
    local commands; commands=()
    _describe -t commands 'pim request cancel commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__help_commands] )) ||
_pim__subcmd__request__subcmd__help_commands() {
    local commands; commands=(
'list:List requests (activation, extend and renew)' \
'show:A request'\''s full timeline\: created, each stage and vote, outcome' \
'cancel:Cancel a waiting request (the requester, or an administrator of the role)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim request help commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__help__subcmd__cancel_commands] )) ||
_pim__subcmd__request__subcmd__help__subcmd__cancel_commands() {
    local commands; commands=()
    _describe -t commands 'pim request help cancel commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__request__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim request help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__request__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim request help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__request__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim request help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__list_commands] )) ||
_pim__subcmd__request__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim request list commands' commands "$@"
}
(( $+functions[_pim__subcmd__request__subcmd__show_commands] )) ||
_pim__subcmd__request__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim request show commands' commands "$@"
}
(( $+functions[_pim__subcmd__review_commands] )) ||
_pim__subcmd__review_commands() {
    local commands; commands=(
'create:Start a review of who holds a role at a scope' \
'list:List reviews' \
'show:A review and each of its items\: principal, assignment, last activation, recommendation, decision' \
'decide:Decide an item (on a terminal without --principal\: go through your undecided items)' \
'complete:Close a review\: the default decision fills what nobody decided; --apply removes what was denied' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim review commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__complete_commands] )) ||
_pim__subcmd__review__subcmd__complete_commands() {
    local commands; commands=()
    _describe -t commands 'pim review complete commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__create_commands] )) ||
_pim__subcmd__review__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim review create commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__decide_commands] )) ||
_pim__subcmd__review__subcmd__decide_commands() {
    local commands; commands=()
    _describe -t commands 'pim review decide commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help_commands] )) ||
_pim__subcmd__review__subcmd__help_commands() {
    local commands; commands=(
'create:Start a review of who holds a role at a scope' \
'list:List reviews' \
'show:A review and each of its items\: principal, assignment, last activation, recommendation, decision' \
'decide:Decide an item (on a terminal without --principal\: go through your undecided items)' \
'complete:Close a review\: the default decision fills what nobody decided; --apply removes what was denied' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim review help commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__complete_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__complete_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help complete commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__create_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help create commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__decide_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__decide_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help decide commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__review__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim review help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__list_commands] )) ||
_pim__subcmd__review__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim review list commands' commands "$@"
}
(( $+functions[_pim__subcmd__review__subcmd__show_commands] )) ||
_pim__subcmd__review__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim review show commands' commands "$@"
}
(( $+functions[_pim__subcmd__role_commands] )) ||
_pim__subcmd__role_commands() {
    local commands; commands=(
'list:List role definitions' \
'show:Show a role definition' \
'create:Create a custom role with permissions' \
'delete:Delete a custom role that has no assignments' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim role commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__create_commands] )) ||
_pim__subcmd__role__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim role create commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__delete_commands] )) ||
_pim__subcmd__role__subcmd__delete_commands() {
    local commands; commands=()
    _describe -t commands 'pim role delete commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help_commands] )) ||
_pim__subcmd__role__subcmd__help_commands() {
    local commands; commands=(
'list:List role definitions' \
'show:Show a role definition' \
'create:Create a custom role with permissions' \
'delete:Delete a custom role that has no assignments' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim role help commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help__subcmd__create_commands] )) ||
_pim__subcmd__role__subcmd__help__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'pim role help create commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help__subcmd__delete_commands] )) ||
_pim__subcmd__role__subcmd__help__subcmd__delete_commands() {
    local commands; commands=()
    _describe -t commands 'pim role help delete commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__role__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim role help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__role__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim role help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__role__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim role help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__list_commands] )) ||
_pim__subcmd__role__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim role list commands' commands "$@"
}
(( $+functions[_pim__subcmd__role__subcmd__show_commands] )) ||
_pim__subcmd__role__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim role show commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope_commands] )) ||
_pim__subcmd__scope_commands() {
    local commands; commands=(
'add:Add a scope\: an administrative unit, management group, subscription, resource group or resource' \
'list:List scopes' \
'remove:Remove a scope with nothing below it and no assignments' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim scope commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__add_commands] )) ||
_pim__subcmd__scope__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope add commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__help_commands] )) ||
_pim__subcmd__scope__subcmd__help_commands() {
    local commands; commands=(
'add:Add a scope\: an administrative unit, management group, subscription, resource group or resource' \
'list:List scopes' \
'remove:Remove a scope with nothing below it and no assignments' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim scope help commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__help__subcmd__add_commands] )) ||
_pim__subcmd__scope__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope help add commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__scope__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__help__subcmd__list_commands] )) ||
_pim__subcmd__scope__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope help list commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__help__subcmd__remove_commands] )) ||
_pim__subcmd__scope__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope help remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__list_commands] )) ||
_pim__subcmd__scope__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope list commands' commands "$@"
}
(( $+functions[_pim__subcmd__scope__subcmd__remove_commands] )) ||
_pim__subcmd__scope__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'pim scope remove commands' commands "$@"
}
(( $+functions[_pim__subcmd__serve_commands] )) ||
_pim__subcmd__serve_commands() {
    local commands; commands=()
    _describe -t commands 'pim serve commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings_commands] )) ||
_pim__subcmd__settings_commands() {
    local commands; commands=(
'show:Show a role'\''s settings at a scope' \
'set:Change a role'\''s settings at a scope' \
'export:Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON' \
'import:Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim settings commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__export_commands] )) ||
_pim__subcmd__settings__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings export commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help_commands] )) ||
_pim__subcmd__settings__subcmd__help_commands() {
    local commands; commands=(
'show:Show a role'\''s settings at a scope' \
'set:Change a role'\''s settings at a scope' \
'export:Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON' \
'import:Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'pim settings help commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help__subcmd__export_commands] )) ||
_pim__subcmd__settings__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings help export commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help__subcmd__help_commands] )) ||
_pim__subcmd__settings__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings help help commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help__subcmd__import_commands] )) ||
_pim__subcmd__settings__subcmd__help__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings help import commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help__subcmd__set_commands] )) ||
_pim__subcmd__settings__subcmd__help__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings help set commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__help__subcmd__show_commands] )) ||
_pim__subcmd__settings__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings help show commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__import_commands] )) ||
_pim__subcmd__settings__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings import commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__set_commands] )) ||
_pim__subcmd__settings__subcmd__set_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings set commands' commands "$@"
}
(( $+functions[_pim__subcmd__settings__subcmd__show_commands] )) ||
_pim__subcmd__settings__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'pim settings show commands' commands "$@"
}
(( $+functions[_pim__subcmd__status_commands] )) ||
_pim__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'pim status commands' commands "$@"
}
(( $+functions[_pim__subcmd__sweep_commands] )) ||
_pim__subcmd__sweep_commands() {
    local commands; commands=()
    _describe -t commands 'pim sweep commands' commands "$@"
}
(( $+functions[_pim__subcmd__whoami_commands] )) ||
_pim__subcmd__whoami_commands() {
    local commands; commands=()
    _describe -t commands 'pim whoami commands' commands "$@"
}

if [ "$funcstack[1]" = "_pim" ]; then
    _pim "$@"
else
    compdef _pim pim
fi
