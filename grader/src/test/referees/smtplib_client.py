#!/usr/bin/env python3
"""Referee: a client built on Python's smtplib, the way the library lab (lab 2) uses it.

Reads the scenario's sender, recipients and message from SMTP_FROM, SMTP_TO and SMTP_MESSAGE_FILE. The debug
level makes smtplib print every reply (on stderr), which the lab asks a program to do.
"""
import os
import smtplib
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    sender = os.environ["SMTP_FROM"]
    rcpts = [a for a in os.environ["SMTP_TO"].split(",") if a]
    with open(os.environ["SMTP_MESSAGE_FILE"], "rb") as f:
        msg = f.read()
    server = smtplib.SMTP(timeout=30)
    server.set_debuglevel(1)
    try:
        # SMTP(host, port) would refuse a non-220 greeting itself; connect() leaves that to the caller.
        code, text = server.connect(host, port)
        if code != 220:
            server.close()
            raise smtplib.SMTPConnectError(code, text)
    except (smtplib.SMTPException, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    try:
        refused = server.sendmail(sender, rcpts, msg)
        for r, (code, text) in refused.items():
            print(f"Warning: {r} refused: {code} {text.decode(errors='replace')}")
        server.quit()
    except smtplib.SMTPServerDisconnected as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    except smtplib.SMTPException as e:
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
