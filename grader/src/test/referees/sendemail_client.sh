#!/usr/bin/env bash
# A real client with a real bug: Debian's sendemail does not dot-stuff, so the dot-stuffing scenario must catch it.
set -u
exec sendemail -f "$SMTP_FROM" -t "$SMTP_TO" -u "Dots" -o message-file="$SMTP_MESSAGE_FILE" -s "$1:$2" -o timeout=30
