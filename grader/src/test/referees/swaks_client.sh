#!/usr/bin/env bash
# Referee: swaks, the "Swiss Army Knife for SMTP". It prints the whole dialogue on stdout.
set -u
exec swaks --server "$1" --port "$2" --helo client.example --from "$SMTP_FROM" --to "$SMTP_TO" \
  --data "@$SMTP_MESSAGE_FILE" --timeout 30
