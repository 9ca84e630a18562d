"""A real SMTP server on loopback for the tests (aiosmtpd), keeping what arrives in memory."""
from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, refused: tuple[str, ...] = ()):
        self.messages: list[email.message.EmailMessage] = []
        self.refused = refused
        # A test clears ``release`` to hold each message in DATA until it sets it again; ``held`` says
        # that a message is waiting.
        self.release, self.held = threading.Event(), threading.Event()
        self.release.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if not self.release.is_set():
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(refused: tuple[str, ...] = ()):
    """Yield (port, mailbox): ``mailbox.messages`` lists the e-mails received so far; mail to the
    ``refused`` addresses is refused as a real server refuses an unknown mailbox."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    mailbox = Mailbox(refused)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        mailbox.release.set()
        controller.stop()
