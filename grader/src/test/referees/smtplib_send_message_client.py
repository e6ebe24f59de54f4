#!/usr/bin/env python3
"""Referee: smtplib's send_message() with an email.message.EmailMessage parsed from the message file, several
recipients, the `with SMTP(...)` form of the documentation's examples."""
import email.policy
import os
import smtplib
import sys
from email import message_from_binary_file


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    rcpts = [a for a in os.environ["SMTP_TO"].split(",") if a]
    with open(os.environ["SMTP_MESSAGE_FILE"], "rb") as f:
        msg = message_from_binary_file(f, policy=email.policy.SMTP)
    try:
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=30) as s:
            s.set_debuglevel(1)
            refused = s.send_message(msg, from_addr=os.environ["SMTP_FROM"], to_addrs=rcpts)
            for r, why in refused.items():
                print(f"refused {r}: {why}", file=sys.stderr)
    except (smtplib.SMTPException, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
