"""Once mail is on: the requests for news made while it was off were never asked to confirm their address (no message
could go), so their owners would have to save their page again. When a web process starts serving with mail
configured (NEWS_CONFIRM_ON_START), and on ``flask send-news-confirmations`` (after turning mail on, or from cron),
each forum with such requests gets one background job asking them, once each, within the forum's and each
mailbox's bounds (forum.services.news_confirm.queue_never_asked).

At start the forums are looked through on a thread of their own (``ask_at_start``), never in a request: the first
request a process serves only starts that thread (after gunicorn's fork: a thread started in the preloading master
would not reach the workers), and answers at once. The web processes of one start each look, and the database
decides which one queues a forum's job: under the forum's row lock, a forum whose job was queued within
START_CLAIM (by another worker starting alongside) is left to it, so N workers queue one job, not N."""
from __future__ import annotations

import threading
from datetime import timedelta

import click
from flask import Flask, current_app

from forum.mail import mail_enabled
from forum.models.base import utcnow
from forum.operations.jobs import run_job, submit
from forum.services import news_confirm

# The web processes of one start begin serving within this of each other (gunicorn's workers, a rolling restart's
# instances): a forum's job queued this recently was queued by one of them, and the others leave it.
START_CLAIM = timedelta(minutes=10)
THREAD_NAME = "forum-news-confirm-start"
STARTED = "news_confirm_start"  # app.extensions: the thread looking through the forums at start, once started


def queue_everywhere(app: Flask, *, here: bool = False, at_start: bool = False) -> int:
    """Queue (``here``: run in this process, one after the other) each forum's job; how many were queued.
    ``at_start``: but the forums whose job another process of this start queued (START_CLAIM)."""
    since = utcnow() - START_CLAIM if at_start else None
    queued = 0
    for forum in news_confirm.forums_never_asked(unless_queued_since=since):
        job = news_confirm.queue_never_asked(forum, unless_queued_since=since)
        if job is None:
            continue
        queued += 1
        if here:
            run_job(app, job.id)
        else:
            submit(app, job.id)
    return queued


def ask_at_start(app: Flask) -> None:
    """What the start's thread does: queue the forums' jobs (they run on the mail jobs' threads, or the queue's
    workers), each forum once across the processes starting alongside."""
    try:
        with app.app_context():
            if mail_enabled():
                queue_everywhere(app, at_start=True)
    except Exception:  # noqa: BLE001  (the app serves on; the next start, or the command, tries again)
        app.logger.exception("Could not queue the confirmation messages of the requests made while mail was off")


def register(app: Flask) -> None:
    if not app.config["NEWS_CONFIRM_ON_START"]:
        return
    lock = threading.Lock()

    @app.before_request
    def ask_the_requests_made_while_mail_was_off():
        if STARTED in app.extensions:
            return
        with lock:
            if STARTED in app.extensions:
                return
            thread = threading.Thread(target=ask_at_start, args=(current_app._get_current_object(),),
                                      name=THREAD_NAME, daemon=True)
            app.extensions[STARTED] = thread
        thread.start()


@click.command("send-news-confirmations")
def send_news_confirmations_command():
    """Ask the owners of the addresses given for news while mail was off to confirm them (once each, bounded)."""
    if not mail_enabled():
        raise click.ClickException("Mail is off: set MAIL_SERVER (and MAIL_DEFAULT_SENDER) to send. Nothing was sent.")
    queued = queue_everywhere(current_app._get_current_object(), here=True)
    click.echo(f"{queued} forum(s) had requests for news never asked to confirm: their messages were sent within "
               "the bounds (NEWS_CONFIRM_MAIL_LIMIT, NEWS_CONFIRM_MAIL_ADDRESS_LIMIT); those held back wait for the "
               "next run.")
