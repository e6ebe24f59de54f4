#!/usr/bin/env bash
# Referee: msmtp, the sendmail-like SMTP client. No configuration file; the envelope from the scenario, the message
# (headers and body) on stdin; -v prints the dialogue on stderr.
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
exec msmtp -v -C /dev/null --host="$1" --port="$2" --domain=client.example --auth=off --tls=off --timeout=30 \
  --from="$SMTP_FROM" -- "${rcpts[@]}" <"$SMTP_MESSAGE_FILE"
