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
        self.busy: tuple[str, ...] = ()  # addresses answered "try again later" (4xx), as a busy or greylisting server
        # addresses refused by the server's policy (5.7.1: relaying denied, as a relay set up wrong refuses them all)
        self.denied: tuple[str, ...] = ()
        # A test clears ``release`` to hold each message in DATA until it sets it again; ``held`` says
        # that a message is waiting.
        self.release, self.held = threading.Event(), threading.Event()
        self.release.set()
        # A test sets ``drop_at_data`` for a server that closes the connection mid-DATA, the message unanswered.
        self.drop_at_data = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such mailbox here"
        if address in self.busy:
            return "452 Too many recipients for now, try again later"
        if address in self.denied:
            return f"554 5.7.1 <{address}>: Relay access denied"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_at_data:
            server.transport.abort()
            return "421 Closing the connection"  # never reaches the client: the connection is gone
        if not self.release.is_set():
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(refused: tuple[str, ...] = (), smtputf8: bool = True):
    """Yield (port, mailbox): ``mailbox.messages`` lists the e-mails received so far; mail to the
    ``refused`` addresses is refused as a real server refuses an unknown mailbox. Without ``smtputf8`` the
    server does not offer SMTPUTF8, as many do not: no address with a non-ASCII local part can be sent to."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    mailbox = Mailbox(refused)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
    controller.start()
    try:
        yield port, mailbox
    finally:
        mailbox.release.set()
        controller.stop()
