#!/usr/bin/env python3
"""Referee: the library lab with STARTTLS and login (lab 2), written the way smtplib's documentation has it.

Reads the sender, recipients and message from SMTP_FROM, SMTP_TO and SMTP_MESSAGE_FILE, and logs in as
SMTP_USER / SMTP_PASSWORD (default alice / secret12) when the server offers AUTH. The course server's certificate is
self-signed, so the context does not verify it, as lab handouts do.
"""
import os
import smtplib
import ssl
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    sender = os.environ["SMTP_FROM"]
    rcpts = [a for a in os.environ["SMTP_TO"].split(",") if a]
    with open(os.environ["SMTP_MESSAGE_FILE"], "rb") as f:
        msg = f.read()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    server = smtplib.SMTP(timeout=30)
    server.set_debuglevel(1)
    try:
        code, text = server.connect(host, port)
        # SMTP(host, port) would remember the host for starttls()'s server name; connect() alone does not
        server._host = host
        if code != 220:
            server.close()
            raise smtplib.SMTPConnectError(code, text)
    except (smtplib.SMTPException, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    try:
        server.ehlo()
        server.starttls(context=context)
        server.ehlo()
        if server.has_extn("auth"):
            server.login(os.environ.get("SMTP_USER", "alice"), os.environ.get("SMTP_PASSWORD", "secret12"))
        refused = server.sendmail(sender, rcpts, msg)
        for r, (code, text) in refused.items():
            print(f"Warning: {r} refused: {code} {text.decode(errors='replace')}")
        server.quit()
    except smtplib.SMTPServerDisconnected as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    except (smtplib.SMTPException, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            pass
        return 1
    print("Mail sent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
