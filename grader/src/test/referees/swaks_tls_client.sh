#!/usr/bin/env bash
# Referee: swaks with STARTTLS required (--tls) and AUTH LOGIN. It prints the whole dialogue on stdout.
set -u
exec swaks --server "$1" --port "$2" --helo client.example --from "$SMTP_FROM" --to "$SMTP_TO" \
  --data "@$SMTP_MESSAGE_FILE" --timeout 30 --tls --auth LOGIN \
  --auth-user "${SMTP_USER:-alice}" --auth-password "${SMTP_PASSWORD:-secret12}"
