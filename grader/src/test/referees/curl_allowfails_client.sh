#!/usr/bin/env bash
# Referee: curl's SMTP client with --mail-rcpt-allowfails, which delivers to the recipients that were accepted when
# others are refused: RFC 5321 §3.3's other choice.
set -u
args=()
IFS=',' read -ra rcpts <<<"$SMTP_TO"
for r in "${rcpts[@]}"; do args+=(--mail-rcpt "$r"); done
exec curl -sS -v --max-time 30 --mail-rcpt-allowfails "smtp://$1:$2/client.example" \
  --mail-from "$SMTP_FROM" "${args[@]}" --upload-file "$SMTP_MESSAGE_FILE"
