#!/usr/bin/env bash
# Referee: curl's SMTP client. The URL has a path so that curl says EHLO client.example, not the file name;
# by default, when a recipient is refused curl sends QUIT and exits 55 ("RCPT failed"), which RFC 5321 §3.3 allows.
set -u
args=()
IFS=',' read -ra rcpts <<<"$SMTP_TO"
for r in "${rcpts[@]}"; do args+=(--mail-rcpt "$r"); done
exec curl -sS -v --max-time 30 "smtp://$1:$2/client.example" \
  --mail-from "$SMTP_FROM" "${args[@]}" --upload-file "$SMTP_MESSAGE_FILE"
