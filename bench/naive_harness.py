"""What a course writes instead of a grader (bench/startup.sh's baseline): an aiosmtpd server on a free port, the
client run once against it, and one assertion: that exactly one message arrived.

    python3 bench/naive_harness.py PYTHON CLIENT.py

Exit 0 when one message arrived, 1 otherwise."""

import socket
import subprocess
import sys

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    python, client = sys.argv[1], sys.argv[2]
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        subprocess.run([python, client, "127.0.0.1", str(port)], stdout=subprocess.DEVNULL, timeout=30, check=False)
    finally:
        controller.stop()
    if len(inbox.messages) != 1:
        print(f"expected one message, got {len(inbox.messages)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
