"""Sending e-mail through the SMTP server in the settings (MAIL_SERVER, MAIL_PORT, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS for STARTTLS, MAIL_DEFAULT_SENDER). Without MAIL_SERVER, mail is off
and the pages that would send some say so."""
from __future__ import annotations

import re
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage

from flask import current_app


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
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
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


@contextmanager
def smtp_connection() -> Iterator[smtplib.SMTP]:
    """One connection to the mail server, logged in, for sending several messages."""
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        yield smtp


def send_mail(to: str, subject: str, body: str) -> None:
    with smtp_connection() as smtp:
        smtp.send_message(compose(to, subject, body))
