#!/usr/bin/env bash
# Referee: msmtp with STARTTLS (certificate not checked: the fake server's is made for the run) and AUTH.
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
exec msmtp -v -C /dev/null --host="$1" --port="$2" --domain=client.example --timeout=30 \
  --tls=on --tls-starttls=on --tls-certcheck=off --auth=on \
  --user="${SMTP_USER:-alice}" --passwordeval="echo ${SMTP_PASSWORD:-secret12}" \
  --from="$SMTP_FROM" -- "${rcpts[@]}" <"$SMTP_MESSAGE_FILE"
