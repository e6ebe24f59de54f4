#!/usr/bin/env bash
# Referee: curl's SMTP client with STARTTLS required (--ssl-reqd) and a login (--user). -k: the fake server's
# certificate is self-signed, as a course server's is.
set -u
args=()
IFS=',' read -ra rcpts <<<"$SMTP_TO"
for r in "${rcpts[@]}"; do args+=(--mail-rcpt "$r"); done
exec curl -sS -v --max-time 30 --ssl-reqd -k --user "${SMTP_USER:-alice}:${SMTP_PASSWORD:-secret12}" \
  "smtp://$1:$2/client.example" --mail-from "$SMTP_FROM" "${args[@]}" --upload-file "$SMTP_MESSAGE_FILE"
