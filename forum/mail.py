"""Sending e-mail through the SMTP server in the settings (MAIL_SERVER, MAIL_PORT, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS for STARTTLS, MAIL_DEFAULT_SENDER). Without MAIL_SERVER, mail is off
and the pages that would send some say so."""
from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.errors import MessageError, NonASCIILocalPartDefect
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr

from flask import current_app

log = logging.getLogger(__name__)

# What sending a message can raise, bugs aside: the socket's errors (refused, reset, timed out) and smtplib's, all
# OSErrors (a server that drops the connection mid-DATA, a refusal, SMTPNotSupportedError for an address that needs
# SMTPUTF8 on a server without it); and the email package's for a message no mail can carry: ValueError (a header
# holding CR or LF, a defect such as NonASCIILocalPartDefect, UnicodeEncodeError for a text that cannot be encoded)
# and MessageError (HeaderParseError for an address it cannot read).
SEND_ERRORS = (OSError, ValueError, MessageError)


class MailNotSent(OSError):
    """Nothing was sent: the mail server could not be reached or did not take the message, or the message could not
    be written. Logged already (one line); its text says why. An OSError, as smtplib's errors are, so that a caller
    written for those still catches it. ``refused_for_good``: the message will never go to this address through this
    server (``refused_for_good``, below), so sending it again does not help, unlike a server out of reach or busy."""

    refused_for_good = False
    without_address = ""  # why, with the address the server's answer quoted written <address> (not_sent)


def refused_for_good(error: BaseException) -> bool:
    """Whether a message that was not sent never will be, to this address through this server, however often it is
    tried: an address no mail can carry (ana@@example.org), one whose local part is not ASCII on a server without
    SMTPUTF8, or the server refusing the recipient with a permanent (5xx) answer ("550 No such mailbox"). A
    connection lost, a server busy or answering 4xx ("452 Too many recipients", greylisting) may take it later; a
    refused sender or message (5xx at MAIL FROM or DATA) is not the address's doing."""
    if isinstance(error, (ValueError, MessageError)):
        return True
    if isinstance(error, smtplib.SMTPNotSupportedError):  # (STARTTLS or AUTH missing is not about an address)
        return "SMTPUTF8" in str(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 and _about_the_address(answer)
                                              for code, answer in error.recipients.values())
    return False


# An answer's enhanced status code (RFC 3463): "5.1.1" (no such mailbox), "5.7.1" (relaying denied)
ENHANCED_STATUS = re.compile(rb"^\s*5\.(\d{1,3})\.\d{1,3}\b")


def _about_the_address(answer: bytes | str) -> bool:
    """Whether a 5xx answer to a recipient is about the address: an answer with no enhanced status code ("550 No such
    mailbox"), or one whose code is of the addressing (5.1.x: no such mailbox, bad domain) or the mailbox (5.2.x)
    classes. A refusal of policy or of the mail system ("554 5.7.1 Relaying denied", "550 5.7.1 Client host blocked",
    "530 5.7.0 Authentication required": a server set up wrong, this server blocked) refuses every address alike: it
    is the server's doing, and the addresses are tried again once it is put right."""
    answer = answer.encode("utf-8", "replace") if isinstance(answer, str) else answer or b""
    status = ENHANCED_STATUS.match(answer)
    return status is None or status.group(1) in (b"1", b"2")


# What is left of an address in a mail server's or the email package's answer once the whole address was hidden: a
# word holding an @ (a part of an address no mail can carry)
AN_ADDRESS_PART = re.compile(r"[^\s'\"<>(),;:\[\]{}]*@[^\s'\"<>(),;:\[\]{}]*")


def not_sent(error: BaseException, what: str, hidden: str | None = None) -> MailNotSent:
    """The one log line of a failed send (``what``: whose mail, or which server), and the error to raise. ``hidden``:
    an address the log line never names (the mail server's answer often quotes it, or a part of it), written <address>
    there: the log of a forum's mail names people by their records' ids, so that nothing in it outlives a person's
    erasure. The error's ``without_address`` is that text too, for a command's output."""
    reason = one_line(str(error)) or type(error).__name__
    logged = reason
    if hidden:  # the address, and any part of it the answer quotes ("expected atom but found '@example.org'")
        logged = AN_ADDRESS_PART.sub("<address>", re.sub(re.escape(hidden), "<address>", reason, flags=re.IGNORECASE))
    log.warning("mail not sent (%s): %s: %s", what, type(error).__name__, logged)
    failure = MailNotSent(reason)
    failure.refused_for_good = refused_for_good(error)
    failure.without_address = logged  # its text as the log has it, for a command's output
    return failure


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


# What ends a line for str.splitlines (and so for mail programs and Python's email package, which refuses a
# header holding CR or LF): never inside a header, where it would start a header of its own.
LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` for a header: each line break (a name or forum name sent by script may hold some) a space."""
    return LINE_BREAKS.sub(" ", text).strip()


def compose(to: str, subject: str, body: str, *, unsubscribe_url: str | None = None) -> EmailMessage:
    """A plain-text message; with ``unsubscribe_url``, the List-Unsubscribe headers that let mail
    programs offer a one-click unsubscribe (RFC 8058: they POST to the URL)."""
    message = EmailMessage()
    message["From"] = one_line(current_app.config["MAIL_DEFAULT_SENDER"])  # a line break in the setting's name
    message["To"] = one_line(to)
    message["Subject"] = one_line(subject)
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    message.policy = HEADERS_ON_ONE_LINE
    return message


# The headers are written on one line each (RFC 5322 allows 998 characters): Python's folding of a
# long header breaks it (3.11) where mail programs read it wrong. A French subject loses the spaces
# between its accented words ("formésàl'étranger") and the List-Unsubscribe URL becomes
# encoded-words that no mail program takes for a URL. Set after set_content, which encodes the body
# for the default line length (quoted-printable, as servers without 8BITMIME need).
HEADERS_ON_ONE_LINE = policy.SMTP.clone(max_line_length=998)


def address(name: str | None, email: str) -> str:
    """``email`` with ``name`` for a To header, the name quoted when it needs to be ("Doe, Jane") and on one line. An
    address whose local part is not ASCII (jösé@example.org) is kept as it is: a server that offers SMTPUTF8 takes
    it, another refuses it (smtplib's SMTPNotSupportedError) and only that message is not sent."""
    name = one_line(name or "")
    try:
        return str(Address(name, addr_spec=email))  # raises for an address no mail can carry (ana@@example.org)
    except NonASCIILocalPartDefect:
        local, _at, domain = email.rpartition("@")
        if not local or "@" in local:
            raise
        Address(addr_spec=f"x@{domain}")  # its domain is one all the same
        return str(Address(name, local, domain))


@contextmanager
def smtp_connection() -> Iterator[smtplib.SMTP]:
    """One connection to the mail server, logged in, for sending several messages: ``MailNotSent`` (logged) when it
    cannot be opened. Closing it never raises: what was sent is sent, whatever the server answers to QUIT."""
    config = current_app.config
    server = f"the mail server {config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    try:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"])
    except SEND_ERRORS as error:
        raise not_sent(error, server) from error
    try:
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except SEND_ERRORS as error:
            raise not_sent(error, server) from error
        yield smtp
    finally:
        try:
            smtp.quit()
        except SEND_ERRORS:  # a server gone or answering QUIT oddly: the connection is closed all the same
            smtp.close()


def send_mail(to: str, subject: str, body: str, *, who: str) -> None:
    """Send one message; ``MailNotSent`` (logged, one line) when it was not sent, whatever the reason. ``who``: whom it
    is for as the log line names them, by record and id ("account #4", "invitation #7"): never the address, which
    the line hides in the server's answer too."""
    with smtp_connection() as smtp:
        try:
            smtp.send_message(compose(to, subject, body))
        except SEND_ERRORS as error:
            raise not_sent(error, f"to {who}", hidden=parseaddr(to)[1] or to.strip() or None) from error
