#!/usr/bin/env bash
# Referee: mutt's built-in SMTP client (smtp_url), no configuration file, STARTTLS off (a plain client); it composes
# a message of its own with the given one as its body (LF line ends, as a mail user agent reads text).
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
export HOME="${HOME:-$PWD}"
exec mutt -n -F /dev/null -e "set smtp_url=smtp://$1:$2/" -e 'unset ssl_starttls' -e 'unset ssl_force_tls' -e 'set hostname=client.example' \
  -e "set from=$SMTP_FROM" -e 'set record=' -e 'set use_envelope_from=yes' -s "Grader test" -- "${rcpts[@]}" \
  < <(tr -d '\r' <"$SMTP_MESSAGE_FILE")
