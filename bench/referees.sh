#!/usr/bin/env bash
# Grades every installed referee (real SMTP software nobody wrote for this grader) the way a user would and prints
# one score line each; asserts nothing. Missing software is listed as skipped. docs/checks.md and
# docs/server-grading.md ("Referees") say what each scores and why.
#   bash bench/referees.sh     NODE_MODULES=<node_modules with nodemailer and smtp-server> for the npm ones,
#                              JAKARTA_MAIL_JARS=<folder of the angus-mail 2.0.3 jars> (default: the build's copy)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
r="$root/grader/src/test/referees"
g="$root/smtp-grader"
nm="${NODE_MODULES:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$g" --version >/dev/null
n=0
grade() { # name, needed command (or file), grader arguments...
  local name="$1" need="$2"
  shift 2
  if ! command -v "$need" >/dev/null 2>&1 && [[ ! -e "$need" ]]; then
    printf '%-34s skipped (%s is not installed)\n' "$name" "$need"
    return
  fi
  n=$((n + 1))
  local line
  line="$("$g" "$@" 2>&1 | sed -n 's/^Score: \([^ ]*\).*/\1/p' | tail -1)"
  printf '%-34s %s\n' "$name" "${line:-no score (see: $g ${*})}"
}
c() { grade "$1" "$2" client --quiet -j 2 --style library --out "$out/$1" "${@:3}"; }
s() { grade "$1" "$2" server --quiet -j 2 --out "$out/$1" "${@:3}"; }
echo "clients"
c smtplib python3 -- python3 "$r/smtplib_client.py" {host} {port}
c smtplib-send_message python3 -- python3 "$r/smtplib_send_message_client.py" {host} {port}
c smtplib-starttls python3 --tls starttls --tag starttls -- python3 "$r/smtplib_tls_client.py" {host} {port}
c smtplib-SMTP_SSL python3 --tls implicit -- python3 "$r/smtplib_ssl_client.py" {host} {port}
c curl curl -- "$r/curl_client.sh" {host} {port}
c curl-allowfails curl -- "$r/curl_allowfails_client.sh" {host} {port}
c curl-starttls curl --tls starttls --tag starttls -- "$r/curl_tls_client.sh" {host} {port}
c swaks swaks -- "$r/swaks_client.sh" {host} {port}
c swaks-starttls swaks --tls starttls --tag starttls -- "$r/swaks_tls_client.sh" {host} {port}
c sendemail sendemail -- "$r/sendemail_client.sh" {host} {port}
c msmtp msmtp -- "$r/msmtp_client.sh" {host} {port}
c msmtp-read-envelope-from msmtp -- "$r/msmtp_client.sh" {host} {port} read-envelope-from
c msmtp-starttls msmtp --tls starttls --tag starttls -- "$r/msmtp_tls_client.sh" {host} {port}
c s-nail s-nail -- "$r/snail_client.sh" {host} {port}
c mutt mutt -- "$r/mutt_client.sh" {host} {port}
c git-send-email /usr/lib/git-core/git-send-email -- "$r/git_send_email_client.sh" {host} {port}
jm="${JAKARTA_MAIL_JARS:-$root/grader/target/referees/jakarta-mail}"
c jakarta-mail "$jm/jakarta.mail-api-2.1.3.jar" --timeout 30 -- java -cp "$jm/*" "$r/JakartaMailClient.java" {host} {port}
c jakarta-mail-starttls "$jm/jakarta.mail-api-2.1.3.jar" --timeout 30 --tls starttls --tag starttls -- java -cp "$jm/*" "$r/JakartaMailClient.java" {host} {port} starttls
c jakarta-mail-smtps "$jm/jakarta.mail-api-2.1.3.jar" --timeout 30 --tls implicit -- java -cp "$jm/*" "$r/JakartaMailClient.java" {host} {port} implicit
c nodemailer "$nm/nodemailer" -- node "$r/nodemailer_client.js" {host} {port} "$nm"
c nodemailer-starttls "$nm/nodemailer" --tls starttls --tag starttls -- node "$r/nodemailer_client.js" {host} {port} "$nm" starttls
c nodemailer-smtps "$nm/nodemailer" --tls implicit -- node "$r/nodemailer_client.js" {host} {port} "$nm" implicit
echo "servers"
s aiosmtpd /usr/lib/python3/dist-packages/aiosmtpd -- /usr/bin/python3 -m aiosmtpd -n -l '127.0.0.1:{port}'
s aiosmtpd-smtputf8 /usr/lib/python3/dist-packages/aiosmtpd -- /usr/bin/python3 -m aiosmtpd -n --smtputf8 -l '127.0.0.1:{port}'
s python-smtpd /usr/lib/python3.11/smtpd.py -- /usr/bin/python3 -W ignore -m smtpd -n -c DebuggingServer '127.0.0.1:{port}'
s smtp-sink /usr/sbin/smtp-sink -- /usr/sbin/smtp-sink -u nobody '127.0.0.1:{port}' 100
# exim queues each message it accepts (-odq: no delivery attempt); `exim4 -bp` lists them. Debian's MTAs exclude each
# other: installing exim4 removes postfix, and with it the suite's smtp-sink
s exim4-bs /usr/sbin/exim4 -- socat 'TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork' 'EXEC:/usr/sbin/exim4 -odq -bs'
gm="$root/grader/target/referees/greenmail-standalone.jar"
s greenmail "$gm" --timeout 40 -- java -Dgreenmail.smtp.hostname=127.0.0.1 '-Dgreenmail.smtp.port={port}' -jar "$gm"
s smtp-server-npm "$nm/smtp-server" -- node "$r/smtp_server_server.js" {port} "$nm" plain
s smtp-server-npm-esmtp "$nm/smtp-server" --tag esmtp --tag tls --tag auth -- node "$r/smtp_server_server.js" {port} "$nm" esmtp
echo "$n graded"
