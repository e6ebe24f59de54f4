#!/usr/bin/env bash
# Referee: msmtp, the sendmail-like SMTP client. No configuration file; the envelope from the scenario (or, with a
# third argument read-envelope-from, from the message's From header), the message (headers and body) on stdin; -v
# prints the dialogue on stderr.
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
from=(--from="$SMTP_FROM")
[[ "${3:-}" == read-envelope-from ]] && from=(--read-envelope-from)
exec msmtp -v -C /dev/null --host="$1" --port="$2" --domain=client.example --auth=off --tls=off --timeout=30 \
  "${from[@]}" -- "${rcpts[@]}" <"$SMTP_MESSAGE_FILE"
