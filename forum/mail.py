"""Sending e-mail through the SMTP server in the settings (MAIL_SERVER, MAIL_PORT, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS for STARTTLS, MAIL_DEFAULT_SENDER). Without MAIL_SERVER, mail is off
and the pages that would send some say so."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
