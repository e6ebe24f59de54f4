#!/usr/bin/env python3
"""Referee: smtplib.SMTP_SSL (implicit TLS, port 465) with login, sendmail() to several recipients. The server's
certificate is made for the run, so it is not verified."""
import os
import smtplib
import ssl
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    rcpts = [a for a in os.environ["SMTP_TO"].split(",") if a]
    with open(os.environ["SMTP_MESSAGE_FILE"], "rb") as f:
        msg = f.read()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with smtplib.SMTP_SSL(host, port, local_hostname="client.example", timeout=30, context=context) as s:
            s.set_debuglevel(1)
            s.ehlo()
            if s.has_extn("auth"):
                s.login(os.environ.get("SMTP_USER", "alice"), os.environ.get("SMTP_PASSWORD", "secret12"))
            s.sendmail(os.environ["SMTP_FROM"], rcpts, msg)
    except (smtplib.SMTPException, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
