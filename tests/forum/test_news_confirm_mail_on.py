"""Requests for the news made while mail was off were never asked to confirm their address: once mail is on (the app
starts with it, or `flask send-news-confirmations`), each gets its message, in its owner's language, once, within the
forum's and each mailbox's bounds."""
from __future__ import annotations

import threading
import time

from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import Job
from forum.operations import mail_on
from forum.services import news_confirm
from tests.conftest import SECRET_KEY, build_app
from tests.forum.news_confirming import confirm_links
from tests.forum.participate.conftest import Phone
from tests.forum.test_news_confirm import ask
from tests.forum.test_report_news import organizer_of_a_forum
from tests.smtp_server import smtp_server

SUBJECTS = {"ana@example.org": "Spring forum: confirm your address to get its news",
            "bruno@example.org": "Spring forum\u00a0: confirmez votre adresse pour recevoir ses nouvelles"}


def started_with_mail(database_url, port: int, **settings):
    """The app as a server process starts it, mail on: its first request starts the thread queuing the messages."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "JOB_THREADS": 0,
                      "JOB_IN_CHILD_PROCESS": False, "PUBLIC_URL": "http://localhost", "MAIL_SERVER": "127.0.0.1",
                      "MAIL_PORT": port, "MAIL_DEFAULT_SENDER": "forum@example.org", **settings})
    app.extensions["schema_up_to_date"] = True
    return app


def counters_of_this_test(tmp_path) -> str:
    """The rate limits' counters in a file of the test's own, shared by its apps as by a machine's workers: by default
    (PostgreSQL) they are the checkout's instance/rate-limits.db, where a forum 1 given its hourly bound by an earlier
    run, or the other test worker, had none left."""
    return f"machine-file://{tmp_path / 'rate-limits.db'}"


def first_request(app):
    """The app's first request, then its thread looking through the forums at start, to its end."""
    answer = app.test_client().get("/")
    app.extensions[mail_on.STARTED].join(20)
    assert not app.extensions[mail_on.STARTED].is_alive()
    return answer


def test_requests_made_while_mail_was_off_are_asked_once_mail_is_on(database_url):
    for off in build_app(database_url):  # mail off: nothing can be asked
        _forum_id, code = organizer_of_a_forum(off)
        ana = Phone(off, code)
        ana.join()
        home = ask(ana, "ana@example.org", wants_news="y")
        assert "open it to confirm" not in home.text
        bruno = Phone(off, code)
        bruno.join(**{"Accept-Language": "fr"})
        ask(bruno, "bruno@example.org", "fr", wants_progress="y")
        with smtp_server() as (port, mailbox):
            first = started_with_mail(database_url, port)
            assert first_request(first).status_code in (200, 302)
            assert sorted((message["To"], message["Subject"]) for message in mailbox.messages) == sorted(
                SUBJECTS.items())
            assert len(confirm_links(mailbox)) == 2
            first.test_client().get("/")  # its next requests ask nothing more
            again = started_with_mail(database_url, port)  # nor does the next start, nor the command
            first_request(again)
            result = again.test_cli_runner().invoke(args=["send-news-confirmations"])
            assert result.exit_code == 0, result.output
            assert len(mailbox.messages) == 2
            with again.app_context():
                [job] = db.session.scalars(select(Job).where(Job.kind == "news-confirm-all")).all()
                assert (job.status, job.parameters["sent"]) == ("done", 2)
            for app in (first, again):
                with app.app_context():
                    db.engine.dispose()


def test_the_first_request_does_not_wait_for_the_forums_to_be_looked_through(database_url, monkeypatch):
    for off in build_app(database_url):
        _forum_id, code = organizer_of_a_forum(off)
        ana = Phone(off, code)
        ana.join()
        ask(ana, "ana@example.org", wants_news="y")
        looking, go_on = threading.Event(), threading.Event()
        real = news_confirm.forums_never_asked

        def slow_look(*args, **kwargs):  # many forums, many requests: the look takes its time
            looking.set()
            assert go_on.wait(20)
            return real(*args, **kwargs)

        monkeypatch.setattr(news_confirm, "forums_never_asked", slow_look)
        with smtp_server() as (port, mailbox):
            app = started_with_mail(database_url, port)
            answered = []
            request = threading.Thread(target=lambda: answered.append(app.test_client().get("/").status_code))
            request.start()
            request.join(5)
            try:
                assert answered and answered[0] in (200, 302)  # answered while the forums are still looked through
                assert looking.wait(5)
                assert mailbox.messages == []
            finally:
                go_on.set()
                request.join(20)
            app.extensions[mail_on.STARTED].join(20)
            assert [message["To"] for message in mailbox.messages] == ["ana@example.org"]
            with app.app_context():
                db.engine.dispose()


def test_workers_starting_together_queue_each_forums_job_once(database_url, tmp_path):
    """gunicorn's workers each start serving: the one whose look reached a forum first queues its job, the others
    leave it, even when that job held requests back (a bound) that a second job would hold back again."""
    for off in build_app(database_url):
        _forum_id, code = organizer_of_a_forum(off)
        for number in range(2):
            phone = Phone(off, code)
            phone.join()
            ask(phone, f"person{number}@example.org", wants_news="y")
        with smtp_server() as (port, mailbox):
            workers = [started_with_mail(database_url, port, RATELIMIT_ENABLED=True,
                                         RATELIMIT_STORAGE_URI=counters_of_this_test(tmp_path),
                                         NEWS_CONFIRM_MAIL_LIMIT="1 per hour") for _worker in range(3)]
            for worker in workers:
                first_request(worker)
            assert [message["To"] for message in mailbox.messages] == ["person0@example.org"]
            with workers[0].app_context():
                [job] = db.session.scalars(select(Job).where(Job.kind == "news-confirm-all")).all()
                assert (job.status, job.parameters["sent"], job.parameters["held_back"]) == ("done", 1, 1)
            for worker in workers:
                with worker.app_context():
                    db.engine.dispose()


def test_they_are_asked_within_the_forums_bound(database_url, tmp_path):
    for off in build_app(database_url):
        _forum_id, code = organizer_of_a_forum(off)
        for number in range(3):
            phone = Phone(off, code)
            phone.join()
            ask(phone, f"person{number}@example.org", wants_news="y")
        with smtp_server() as (port, mailbox):
            app = started_with_mail(database_url, port, RATELIMIT_ENABLED=True,
                                    RATELIMIT_STORAGE_URI=counters_of_this_test(tmp_path),
                                    NEWS_CONFIRM_MAIL_LIMIT="2 per hour", NEWS_CONFIRM_ON_START=False)
            result = app.test_cli_runner().invoke(args=["send-news-confirmations"])
            assert result.exit_code == 0, result.output
            assert [message["To"] for message in mailbox.messages] == ["person0@example.org", "person1@example.org"]
            with app.app_context():
                job = db.session.scalar(select(Job).where(Job.kind == "news-confirm-all"))
                assert (job.parameters["sent"], job.parameters["held_back"]) == (2, 1)
            app.test_cli_runner().invoke(args=["send-news-confirmations"])  # the bound is still full
            assert len(mailbox.messages) == 2
            with app.app_context():
                db.engine.dispose()


def test_the_command_says_when_mail_is_off(app):
    result = app.test_cli_runner().invoke(args=["send-news-confirmations"])
    assert result.exit_code != 0 and "Mail is off" in result.output
