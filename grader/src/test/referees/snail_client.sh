#!/usr/bin/env bash
# Referee: s-nail (mailx) sending through its built-in SMTP client. It composes a message of its own (headers of its
# own, the given message as its body, LF line ends as a mail user agent reads them) and sends it with CRLF.
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
exec s-nail -n -# -S v15-compat -S mta="smtp://$1:$2" -S smtp-hostname=client.example -S smtp-auth=none -S from="$SMTP_FROM" \
  -S sendwait -s "Grader test" "${rcpts[@]}" < <(tr -d '\r' <"$SMTP_MESSAGE_FILE")
