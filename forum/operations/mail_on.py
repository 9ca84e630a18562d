"""Once mail is on: the requests for news made while it was off were never asked to confirm their address (no message
could go), so their owners would have to save their page again. On the first request a process serves with mail
configured (NEWS_CONFIRM_ON_START), and on ``flask send-news-confirmations`` (after turning mail on, or from cron),
each forum with such requests gets one background job asking them, once each, within the forum's and each
mailbox's bounds (forum.services.news_confirm.queue_never_asked)."""
from __future__ import annotations

import threading

import click
from flask import Flask, current_app

from forum.mail import mail_enabled
from forum.operations.jobs import run_job, submit
from forum.services import news_confirm


def queue_everywhere(app: Flask, *, here: bool = False) -> int:
    """Queue (``here``: run in this process, one after the other) each forum's job; how many were queued."""
    queued = 0
    for forum in news_confirm.forums_never_asked():
        job = news_confirm.queue_never_asked(forum)
        if job is None:
            continue
        queued += 1
        if here:
            run_job(app, job.id)
        else:
            submit(app, job.id)
    return queued


def register(app: Flask) -> None:
    if not app.config["NEWS_CONFIRM_ON_START"]:
        return
    lock, started = threading.Lock(), []

    @app.before_request
    def ask_the_requests_made_while_mail_was_off():
        if started:
            return
        with lock:
            if started:
                return
            started.append(True)
        if not mail_enabled():
            return
        try:
            queue_everywhere(current_app._get_current_object())
        except Exception:  # noqa: BLE001  (the request goes on; the next start, or the command, tries again)
            current_app.logger.exception("Could not queue the confirmation messages of the requests made while "
                                         "mail was off")


@click.command("send-news-confirmations")
def send_news_confirmations_command():
    """Ask the owners of the addresses given for news while mail was off to confirm them (once each, bounded)."""
    if not mail_enabled():
        raise click.ClickException("Mail is off: set MAIL_SERVER (and MAIL_DEFAULT_SENDER) to send. Nothing was sent.")
    queued = queue_everywhere(current_app._get_current_object(), here=True)
    click.echo(f"{queued} forum(s) had requests for news never asked to confirm: their messages were sent within "
               "the bounds (NEWS_CONFIRM_MAIL_LIMIT, NEWS_CONFIRM_MAIL_ADDRESS_LIMIT); those held back wait for the "
               "next run.")
