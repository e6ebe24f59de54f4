#!/usr/bin/env bash
# Referee: git send-email, sending the message file (headers, blank line, body) as the patch it would mail.
set -u
IFS=',' read -ra rcpts <<<"$SMTP_TO"
to=()
for r in "${rcpts[@]}"; do to+=(--to "$r"); done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tr -d '\r' <"$SMTP_MESSAGE_FILE" >"$tmp/message.patch"
export HOME="$tmp" GIT_CONFIG_NOSYSTEM=1 GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL="$SMTP_FROM" GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL="$SMTP_FROM"
git send-email --confirm=never --quiet --no-validate --suppress-cc=all --no-chain-reply-to --no-thread \
  --smtp-server="$1" --smtp-server-port="$2" --smtp-domain=client.example \
  --from="$SMTP_FROM" --envelope-sender="$SMTP_FROM" "${to[@]}" --smtp-debug=1 "$tmp/message.patch"
